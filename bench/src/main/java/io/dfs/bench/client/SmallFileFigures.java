package io.dfs.bench.client;

import io.vertx.core.json.JsonObject;

/** The figures of a small-file phase. */
final class SmallFileFigures {
  private SmallFileFigures() {}

  static JsonObject of(ConcurrentOps.Timing t) {
    return new JsonObject().put("files", t.ops()).put("seconds", t.seconds())
        .put("filesPerSecond", t.opsPerSecond())
        .put("p50Ms", t.latencies().percentileMs(50)).put("p99Ms", t.latencies().percentileMs(99));
  }
}
