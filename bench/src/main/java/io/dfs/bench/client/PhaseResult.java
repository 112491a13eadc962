package io.dfs.bench.client;

import io.dfs.bench.proc.ProcStatus;
import io.vertx.core.json.JsonObject;

/** Prints a phase's figures as the one JSON line the benchmark reads, with this process's peak RSS. */
final class PhaseResult {
  private PhaseResult() {}

  static void print(JsonObject figures) {
    figures.put("peakRssKiB", ProcStatus.ownPeakRssKiB());
    System.out.println(figures.encode());
    System.out.flush();
  }
}
