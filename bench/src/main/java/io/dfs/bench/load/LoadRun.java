package io.dfs.bench.load;

import io.dfs.bench.client.ClientStack;
import io.dfs.bench.cluster.BenchCluster;
import io.dfs.bench.run.Report;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

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
  /**
   * How long a replaced or deleted file's blocks stay, instead of meta's 5 minutes. Still far past
   * any read in flight (a get takes well under a second), and short enough that the samples can
   * wait for every such block to go (see {@link #awaitReclaim}), so that the data nodes hold only
   * live blocks at both: a data node's heap grows by about 150 bytes with each replica it holds,
   * and with 5 minutes, as long as the run, every block replaced in the run would still be there at
   * the end, 8 times as many replicas as at the start.
   */
  static final Duration RECLAIM_DELAY = Duration.ofSeconds(10);
  /** Beyond {@link #RECLAIM_DELAY}, for the reclaimer's next pass (one a second) to delete what came due. */
  static final Duration RECLAIM_PASS = Duration.ofSeconds(3);
  /** Meta's default, which the run's cluster keeps. */
  static final double HEARTBEAT_INTERVAL_S = 1.0;
  private static final double MIB = 1024.0 * 1024;

  private final LoadSettings settings;
  private final Report report = new Report(System.out);
  private final ClusterRun harness;

  LoadRun(LoadSettings settings, Path root) {
    this.settings = settings;
    this.harness = new ClusterRun("load", settings, root, DATA_NODES,
        new JsonObject().put("reclaimDelay", RECLAIM_DELAY.toMillis() + "ms"), report);
  }

  int run() {
    report.comment("dfs load: " + settings.summary());
    report.comment("the same operations again: SEED=" + settings.seed());
    return harness.run(this::measure, new JsonObject(), new JsonObject());
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
    // The harness's own scrapes keep a connection open to every server; they are made before the
    // first sample, so that both samples count them.
    awaitReclaim(System.nanoTime());
    double connectionsAtStart = connectionsAccepted(cluster);
    cluster.metaMetric(HeartbeatWatch.EVICTIONS);
    Map<String, ServerSample> before = ServerSample.of(cluster.serverPids(), heapHistograms(), "start");
    double blocksAtStart = blocksStored(cluster);

    LoadStats stats = new LoadStats();
    double seconds;
    double evictions;
    double connections;
    double longestLag;
    long names;
    long readBack;
    long writesEnded;
    try (ClientStack client = client(cluster)) {
      OpRunner runner = new OpRunner(client, oracle, stats);
      progress("running for " + settings.duration().toSeconds() + " s");
      try (HeartbeatWatch watch = new HeartbeatWatch(cluster)) {
        seconds = workload.run(runner, new OpPlanner(settings.seed(), seeded, "load/", settings.minPutBytes(),
            settings.maxPutBytes()), settings.duration());
        writesEnded = System.nanoTime();
        evictions = watch.evictions();
        connections = connectionsAccepted(cluster) - connectionsAtStart;
        longestLag = watch.longestLagSeconds();
        if (watch.unreadable() > 0) {
          throw new IllegalStateException("meta's metrics could not be read " + watch.unreadable() + " times");
        }
      }
      progress("reading back every file the run wrote");
      names = oracle.names().size();
      readBack = workload.readBack(runner, oracle, stats);
    }
    awaitReclaim(writesEnded);
    Map<String, ServerSample> after = ServerSample.of(cluster.serverPids(), heapHistograms(), "end");
    double blocksAtEnd = blocksStored(cluster);

    OpFigures.report(report, "load", stats, seconds);
    report.figure("load.final.files", names, "files");
    report.figure("load.final.verified", readBack, "files");
    report.figure("load.evictions", evictions, "evictions");
    report.figure("load.datanode.connections_accepted", connections, "connections");
    report.figure("load.heartbeat.longest_gap", longestLag, "s");
    report.figure("load.datanode.blocks.start", blocksAtStart, "blocks");
    report.figure("load.datanode.blocks.end", blocksAtEnd, "blocks");
    long tempFiles = cluster.dataNodeTempFiles();
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
    report.atMost("load.get.1m.p50", 50, "ms", "a 1 MiB get, RELIABILITY's standard run");
    report.atMost("load.get.1m.p99", 500, "ms", "a 1 MiB get");
    report.atMost("load.put.1m.p99", 1000, "ms", "a 1 MiB put");
    // RELIABILITY starts the floors at 20 and 40 MB/s and locks them at 70 % of the first run that
    // met every target: 40.4 MB/s put and 62.9 MB/s get (seed 20261130).
    report.atLeast("load.put.mb_per_s", 28, "MB/s", "70 % of the first green run's 40.4, in client bytes");
    report.atLeast("load.get.mb_per_s", 44, "MB/s", "70 % of the first green run's 62.9");
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
      report.holds("load." + server + ".fds.end", "within 10% of start", b.openFiles() <= 1.10 * a.openFiles(),
          "open files after vs before the run");
      if (!a.openFilesByKind().equals(b.openFilesByKind())) {
        report.comment(server + " open files by kind: " + a.openFilesByKind() + " before, " + b.openFilesByKind() + " after");
      }
    }
  }

  /**
   * Waits until the blocks replaced or deleted by the last write, at {@code lastWriteNanos}, have
   * come due and been deleted: a sample then counts neither blocks waiting for the reclaimer nor
   * the connections its deletes keep open for a while.
   */
  private static void awaitReclaim(long lastWriteNanos) {
    long waitNanos = lastWriteNanos + RECLAIM_DELAY.plus(RECLAIM_PASS).toNanos() - System.nanoTime();
    if (waitNanos > 0) {
      BenchCluster.sleep(waitNanos / 1_000_000);
    }
  }

  /** Where each sample's heap histograms are kept, beside the servers' logs. */
  private Path heapHistograms() {
    return settings.workDir().resolve("heap");
  }

  static ClientStack client(BenchCluster cluster) {
    return ClientStack.open(cluster.clientConfig(), BenchCluster.USER, cluster.userPassword());
  }

  /** Block connections the data nodes accepted so far: clients and peers keep theirs between blocks. */
  private static double connectionsAccepted(BenchCluster cluster) {
    return cluster.dataNodesMetric("dfs_datanode_block_connections_accepted_total");
  }

  /**
   * Replicas the data nodes hold, all of them: what their heaps are judged beside. Read after
   * {@link #awaitReclaim}, so the replicas of live files only.
   */
  private static double blocksStored(BenchCluster cluster) {
    return cluster.dataNodesMetric("dfs_datanode_blocks");
  }

  private void progress(String text) {
    harness.progress(text);
  }
}
