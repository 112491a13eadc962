package io.dfs.bench.load;

import io.dfs.bench.client.ClientStack;
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
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One {@code make load} run: a cluster of three data nodes from the built jars (TLS on unless
 * {@code TLS=0}), the seed files, the clients for the run's duration, every file read back, and
 * the figures. Exit status 0 when every answer was right and nothing failed; 1 otherwise (the
 * figures say what); 2 when the run could not start.
 */
final class LoadRun {
  static final int DATA_NODES = 3;
  /** Unmeasured mixed load before the servers' first sample; a tenth of the run if that is less. */
  static final Duration WARM_UP = Duration.ofSeconds(20);
  /** Meta's default, which the run's cluster keeps. */
  static final double HEARTBEAT_INTERVAL_S = 1.0;
  private static final double MIB = 1024.0 * 1024;

  private final LoadSettings settings;
  private final Path root;
  private final Report report = new Report(System.out);

  LoadRun(LoadSettings settings, Path root) {
    this.settings = settings;
    this.root = root;
  }

  int run() {
    Instant startedAt = Instant.now();
    long start = System.nanoTime();
    report.comment("dfs load: " + settings.summary());
    report.comment("the same operations again: SEED=" + settings.seed());
    Jars jars;
    try {
      jars = Jars.under(root);
    } catch (IllegalStateException e) {
      System.err.println("load: " + e.getMessage());
      return 2;
    }
    Path data = settings.workDir().resolve("data");
    Path logs = settings.workDir().resolve("log");
    TestData.delete(settings.workDir());
    ChildProcesses processes = new ChildProcesses();
    boolean right;
    try {
      Path scratch = Files.createDirectories(data.resolve("clients"));
      progress("starting auth, meta and " + DATA_NODES + " data nodes");
      try (BenchCluster cluster = BenchCluster.start(data.resolve("cluster"), logs, DATA_NODES, jars,
          settings.serverJavaOpts(), settings.datanodeJavaOpts(), processes,
          settings.tls() ? root.resolve("scripts").resolve("tls.sh") : null)) {
        right = measure(cluster, scratch);
      }
    } catch (IOException | RuntimeException e) {
      report.failure("load", e);
      right = false;
    } finally {
      processes.stopAll();
      TestData.delete(data);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    writeResults(startedAt, seconds);
    report.comment(String.format(Locale.ROOT, "finished in %.0f s; results in %s; logs in %s", seconds,
        root.relativize(settings.results()), root.relativize(logs)));
    return right && !report.failed() ? 0 : 1;
  }

  /** Returns whether every answer was right and no operation failed. */
  private boolean measure(BenchCluster cluster, Path scratch) {
    Oracle oracle = new Oracle();
    Workload workload = new Workload(settings, scratch);
    progress("putting " + settings.seedFiles() + " files of " + settings.seedFileBytes() / 1024 + " KiB");
    List<String> seeded;
    LoadStats warmStats = new LoadStats();
    try (ClientStack client = client(cluster)) {
      LoadStats seeding = new LoadStats();
      seeded = workload.seed(new OpRunner(client, oracle, seeding), seeding);
      // Every path the run takes is taken once before the servers are sampled, so that what their
      // first use allocates for good (caches, meters, compiled routes) is not counted as growth.
      Duration warmUp = Duration.ofMillis(Math.min(WARM_UP.toMillis(), settings.duration().toMillis() / 10));
      progress("warming up for " + warmUp.toSeconds() + " s");
      workload.run(new OpRunner(client, oracle, warmStats), new OpPlanner(~settings.seed(), seeded, "warm/",
          settings.minPutBytes(), settings.maxPutBytes()), warmUp);
    }
    // The servers are sampled with no client connected, so that open files count the servers' own.
    Map<String, ServerSample> before = samples(cluster);

    LoadStats stats = new LoadStats();
    double seconds;
    double evictions;
    double longestLag;
    long names;
    long readBack;
    try (ClientStack client = client(cluster)) {
      OpRunner runner = new OpRunner(client, oracle, stats);
      progress("running for " + settings.duration().toSeconds() + " s");
      try (HeartbeatWatch watch = new HeartbeatWatch(cluster)) {
        seconds = workload.run(runner, new OpPlanner(settings.seed(), seeded, "load/", settings.minPutBytes(),
            settings.maxPutBytes()), settings.duration());
        evictions = watch.evictions();
        longestLag = watch.longestLagSeconds();
        if (watch.unreadable() > 0) {
          throw new IllegalStateException("meta's metrics could not be read " + watch.unreadable() + " times");
        }
      }
      progress("reading back every file the run wrote");
      names = oracle.names().size();
      readBack = workload.readBack(runner, oracle, stats);
    }
    Map<String, ServerSample> after = samples(cluster);

    figures(stats, seconds);
    report.figure("load.final.files", names, "files");
    report.figure("load.final.verified", readBack, "files");
    report.figure("load.evictions", evictions, "evictions");
    report.figure("load.heartbeat.longest_gap", longestLag, "s");
    long tempFiles = cluster.dataNodes().stream().mapToLong(n -> filesIn(cluster.dataDir(n).resolve("tmp"))).sum();
    report.figure("load.datanode.temp_files", tempFiles, "files");
    servers(before, after);
    stats.samples().forEach(report::comment);
    warmStats.samples().forEach(line -> report.comment("warm-up: " + line));
    long errors = stats.errorCount() + warmStats.errorCount();
    long violations = stats.violations() + warmStats.violations();
    report.holds("load.errors", "== 0", errors == 0, "every operation succeeded, the warm-up's too");
    report.holds("load.violations", "== 0", violations == 0, "every answer was one the oracle allows");
    report.holds("load.final.verified", "== load.final.files", readBack == names, "every file read back as acknowledged");
    report.holds("load.datanode.temp_files", "== 0", tempFiles == 0, "no temp file left on a data node");
    report.holds("load.evictions", "== 0", evictions == 0, "no data node evicted under load");
    report.atMost("load.heartbeat.longest_gap", 2 * HEARTBEAT_INTERVAL_S, "s",
        "no heartbeat gap of 2 intervals: heartbeats do not starve");
    report.atMost("load.get.1m.p99", 500, "ms", "a 1 MiB get");
    report.atMost("load.put.1m.p99", 1000, "ms", "a 1 MiB put");
    return errors == 0 && violations == 0 && readBack == names && tempFiles == 0;
  }

  /** Each server's live heap and open files before and after, against RELIABILITY's bounds. */
  private void servers(Map<String, ServerSample> before, Map<String, ServerSample> after) {
    for (String server : before.keySet()) {
      ServerSample a = before.get(server);
      ServerSample b = after.get(server);
      report.figure("load." + server + ".heap.start", a.liveHeapBytes() / MIB, "MiB");
      report.figure("load." + server + ".fds.start", a.openFiles(), "files");
      if (b == null) {
        report.comment(server + " was not running at the end");
        continue;
      }
      report.figure("load." + server + ".heap.end", b.liveHeapBytes() / MIB, "MiB");
      report.figure("load." + server + ".fds.end", b.openFiles(), "files");
      report.holds("load." + server + ".heap.end", "within 10% of start", b.liveHeapBytes() <= 1.10 * a.liveHeapBytes(),
          "live heap after a full GC, after vs before the run");
      report.holds("load." + server + ".fds.end", "within 5% of start", b.openFiles() <= 1.05 * a.openFiles(),
          "open files after vs before the run");
      if (!a.openFilesByKind().equals(b.openFilesByKind())) {
        report.comment(server + " open files by kind: " + a.openFilesByKind() + " before, " + b.openFilesByKind() + " after");
      }
    }
  }

  private static long filesIn(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void figures(LoadStats stats, double seconds) {
    // Sorted copies of every latency list: taken once, used for the counts and the quantiles.
    Map<String, long[]> latencies = stats.latencies();
    long ops = 0;
    long gets = 0;
    for (Map.Entry<String, long[]> e : latencies.entrySet()) {
      long[] sorted = e.getValue();
      ops += sorted.length;
      if (e.getKey().startsWith("get.")) {
        gets += sorted.length;
      }
    }
    report.figure("load.seconds", seconds, "s");
    report.figure("load.ops", ops, "ops");
    report.figure("load.ops_per_s", ops / seconds, "ops/s");
    report.figure("load.mb_per_s", stats.bytes() / seconds / 1e6, "MB/s");
    for (Map.Entry<String, long[]> e : latencies.entrySet()) {
      String name = "load." + e.getKey();
      long[] sorted = e.getValue();
      report.figure(name + ".count", sorted.length, "ops");
      report.figure(name + ".p50", LoadStats.quantile(sorted, 0.50) / 1e6, "ms");
      report.figure(name + ".p90", LoadStats.quantile(sorted, 0.90) / 1e6, "ms");
      report.figure(name + ".p99", LoadStats.quantile(sorted, 0.99) / 1e6, "ms");
      report.figure(name + ".p999", LoadStats.quantile(sorted, 0.999) / 1e6, "ms");
    }
    report.figure("load.errors", stats.errorCount(), "errors");
    stats.errors().forEach((code, n) -> report.figure("load.errors." + code, n, "errors"));
    report.figure("load.violations", stats.violations(), "answers");
    report.figure("load.gets.verified", stats.verifiedReads(), "gets");
    report.figure("load.gets.verified.pct", gets == 0 ? 100 : 100.0 * stats.verifiedReads() / gets, "%");
  }

  private static ClientStack client(BenchCluster cluster) {
    return ClientStack.open(cluster.clientConfig(), BenchCluster.USER, cluster.userPassword());
  }

  private static Map<String, ServerSample> samples(BenchCluster cluster) {
    Map<String, ServerSample> out = new LinkedHashMap<>();
    cluster.serverPids().forEach((name, pid) -> out.put(name, ServerSample.of(pid)));
    return out;
  }

  private void writeResults(Instant startedAt, double seconds) {
    JsonObject results = new JsonObject()
        .put("startedAt", startedAt.toString())
        .put("seconds", Math.round(seconds * 10) / 10.0)
        .put("seed", settings.seed())
        .put("settings", new JsonObject().put("duration", settings.duration().toString())
            .put("writers", settings.writers()).put("readers", settings.readers())
            .put("seedFiles", settings.seedFiles()).put("seedFileBytes", settings.seedFileBytes())
            .put("minPutBytes", settings.minPutBytes()).put("maxPutBytes", settings.maxPutBytes())
            .put("tls", settings.tls()).put("dataNodes", DATA_NODES))
        .mergeIn(report.toJson());
    try {
      Report.writeAtomically(settings.results(), results);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void progress(String text) {
    System.err.println("load: " + text);
  }
}
