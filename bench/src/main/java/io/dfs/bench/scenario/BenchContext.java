package io.dfs.bench.scenario;

import io.dfs.bench.cluster.BenchCluster;
import io.dfs.bench.cluster.Jars;
import io.dfs.bench.proc.ChildProcesses;
import io.dfs.bench.run.BenchSettings;
import io.dfs.bench.run.Report;
import java.nio.file.Path;

/**
 * What every step of a run shares: its settings, the jars, the processes started so far, where
 * the output goes, and the work directory's layout: {@code data/} (local files and clusters' data,
 * deleted as the run goes) and {@code log/} (every process's log, kept after the run).
 */
public record BenchContext(BenchSettings settings, Jars jars, ChildProcesses processes, Report report) {
  private static final long STARTED = System.nanoTime();

  public Path data() {
    return settings.workDir().resolve("data");
  }

  public Path logs() {
    return settings.workDir().resolve("log");
  }

  /** Starts a cluster of {@code dataNodes} named {@code name}: data under data/, logs under log/. */
  public BenchCluster startCluster(String name, int dataNodes) {
    return BenchCluster.start(data().resolve(name), logs().resolve(name), dataNodes, jars,
        settings.serverJavaOpts(), settings.datanodeJavaOpts(), processes);
  }

  /** A megabyte count as bytes. */
  public static long mib(long n) {
    return n << 20;
  }

  /** Progress for whoever watches the run: on stderr, apart from the figures on stdout, with the time so far. */
  public static void progress(String text) {
    System.err.printf("bench [%4d s] %s%n", (System.nanoTime() - STARTED) / 1_000_000_000L, text);
  }
}
