package io.dfs.bench.load;

import io.dfs.bench.cluster.BenchCluster;
import io.dfs.bench.cluster.Jars;
import io.dfs.bench.data.TestData;
import io.dfs.bench.proc.ChildProcesses;
import io.dfs.bench.run.Report;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;

/**
 * What a load run and a chaos run share: the built jars, a fresh work directory, a cluster of
 * {@code dataNodes} from the jars (TLS as the settings say) whose every server is stopped whatever
 * happens, and the results file with the seed and the settings. Exit status 0 when the run's body
 * says everything held, 1 when it did not or failed, 2 when the jars are missing.
 */
final class ClusterRun {
  /** What the run does on the started cluster. */
  interface Body {
    /** Returns whether everything the run promises held; {@code scratch} is for the clients' files. */
    boolean run(BenchCluster cluster, Path scratch) throws IOException;
  }

  private final String name;
  private final LoadSettings settings;
  private final Path root;
  private final int dataNodes;
  private final JsonObject metaSettings;
  private final Report report;

  /**
   * {@code name} ("load", "chaos") starts the progress lines; {@code metaSettings} are laid over
   * the cluster's meta config, and written into the results' settings.
   */
  ClusterRun(String name, LoadSettings settings, Path root, int dataNodes, JsonObject metaSettings, Report report) {
    this.name = name;
    this.settings = settings;
    this.root = root;
    this.dataNodes = dataNodes;
    this.metaSettings = metaSettings;
    this.report = report;
  }

  /** Runs {@code body}; {@code moreSettings} and {@code moreResults} go into the results file. */
  int run(Body body, JsonObject moreSettings, JsonObject moreResults) {
    Instant startedAt = Instant.now();
    long start = System.nanoTime();
    Jars jars;
    try {
      jars = Jars.under(root);
    } catch (IllegalStateException e) {
      System.err.println(name + ": " + e.getMessage());
      return 2;
    }
    Path data = settings.workDir().resolve("data");
    Path logs = settings.workDir().resolve("log");
    TestData.delete(settings.workDir());
    ChildProcesses processes = new ChildProcesses();
    boolean held;
    try {
      Path scratch = Files.createDirectories(data.resolve("clients"));
      progress("starting auth, meta and " + dataNodes + " data nodes");
      try (BenchCluster cluster = BenchCluster.start(data.resolve("cluster"), logs, dataNodes, jars,
          settings.serverJavaOpts(), settings.datanodeJavaOpts(), processes,
          settings.tls() ? root.resolve("scripts").resolve("tls.sh") : null, metaSettings)) {
        held = body.run(cluster, scratch);
        if (!held) {
          report.comment("servers' last lines:\n" + cluster.logTails());
        }
      }
    } catch (IOException | RuntimeException e) {
      report.failure(name, e);
      held = false;
    } finally {
      processes.stopAll();
      TestData.delete(data);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    writeResults(startedAt, seconds, moreSettings, moreResults);
    report.comment(String.format(Locale.ROOT, "finished in %.0f s; results in %s; logs in %s", seconds,
        root.relativize(settings.results()), root.relativize(logs)));
    return held && !report.failed() ? 0 : 1;
  }

  private void writeResults(Instant startedAt, double seconds, JsonObject moreSettings, JsonObject moreResults) {
    JsonObject results = new JsonObject()
        .put("startedAt", startedAt.toString())
        .put("seconds", Math.round(seconds * 10) / 10.0)
        .put("seed", settings.seed())
        .put("settings", new JsonObject().put("duration", settings.duration().toString())
            .put("writers", settings.writers()).put("readers", settings.readers())
            .put("seedFiles", settings.seedFiles()).put("seedFileBytes", settings.seedFileBytes())
            .put("minPutBytes", settings.minPutBytes()).put("maxPutBytes", settings.maxPutBytes())
            .put("tls", settings.tls()).put("dataNodes", dataNodes).put("meta", metaSettings.copy())
            .mergeIn(moreSettings))
        .mergeIn(moreResults)
        .mergeIn(report.toJson());
    try {
      Report.writeAtomically(settings.results(), results);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void progress(String text) {
    System.err.println(name + ": " + text);
  }
}
