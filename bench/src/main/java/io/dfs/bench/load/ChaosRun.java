package io.dfs.bench.load;

import io.dfs.bench.client.ClientStack;
import io.dfs.bench.cluster.BenchCluster;
import io.dfs.bench.run.Report;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One {@code make chaos} run: the load's workload on five data nodes while a seeded schedule kills
 * and stops them (and meta once); every operation that fails cleanly is tried again until it
 * succeeds. Then every block of every file must be back at exactly R replicas, each read whole and
 * right from its own node, within {@link ChaosSettings#HEAL_BOUND} of the last fault, and every file
 * must read back as acknowledged. Exit status 0 when all of that holds; 1 otherwise (the figures say
 * what); 2 when the run could not start.
 */
final class ChaosRun {
  /** How long past the bound the audit keeps looking before it gives up. */
  private static final Duration HEAL_OVERTIME = Duration.ofMinutes(4);

  private final ChaosSettings settings;
  private final LoadSettings load;
  private final Report report = new Report(System.out);
  private final ClusterRun harness;

  ChaosRun(ChaosSettings settings, Path root) {
    this.settings = settings;
    this.load = settings.load();
    this.harness = new ClusterRun("chaos", load, root, ChaosSettings.DATA_NODES, new JsonObject(), report);
  }

  int run() {
    FaultSchedule schedule = settings.schedule();
    report.comment("dfs chaos: " + settings.summary());
    report.comment("the same operations and faults again: SEED=" + load.seed());
    schedule.faults().forEach(f -> report.comment("fault " + f.describe()));
    JsonArray faults = new JsonArray();
    schedule.faults().forEach(f -> faults.add(new JsonObject().put("at", f.atSeconds()).put("kind", f.kind().name())
        .put("server", f.server()).put("down", f.downSeconds())));
    return harness.run((cluster, scratch) -> underFaults(cluster, schedule, scratch),
        new JsonObject().put("faultEvery", settings.faultEvery().toString()).put("minDown", settings.minDown().toString())
            .put("maxDown", settings.maxDown().toString()).put("killMeta", settings.killMeta()),
        new JsonObject().put("schedule", faults));
  }

  /** Returns whether everything the run promises held. */
  private boolean underFaults(BenchCluster cluster, FaultSchedule schedule, Path scratch) throws IOException {
    Oracle oracle = new Oracle();
    Workload workload = new Workload(load, scratch);
    LoadStats stats = new LoadStats();
    try (ClientStack client = LoadRun.client(cluster)) {
      progress("putting " + load.seedFiles() + " files of " + load.seedFileBytes() / 1024 + " KiB");
      LoadStats seeding = new LoadStats();
      List<String> seeded = workload.seed(new OpRunner(client, oracle, seeding), seeding);

      OpRunner runner = new OpRunner(client, oracle, stats, new Retries(ChaosSettings.RETRY_BUDGET));
      progress("running for " + load.duration().toSeconds() + " s under " + schedule.faults().size() + " faults");
      double seconds;
      double scheduleEnded;
      long clientsEnded;
      List<String> injectorFailures;
      long runStart = System.nanoTime();
      try (FaultInjector faults = new FaultInjector(cluster, schedule, line -> report.comment("fault done " + line))) {
        faults.start();
        seconds = workload.run(runner, new OpPlanner(load.seed(), seeded, "chaos/", load.minPutBytes(),
            load.maxPutBytes()), load.duration());
        clientsEnded = System.nanoTime();
        scheduleEnded = faults.awaitEnd();
        faults.close();
        injectorFailures = faults.failures();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted");
      }
      injectorFailures.forEach(f -> report.comment("fault not done: " + f));

      progress("waiting for every block to be at exactly " + BenchCluster.REPLICATION + " replicas");
      ReplicaAudit audit = new ReplicaAudit(cluster, client, BenchCluster.REPLICATION, load.writers() + load.readers());
      // The bound runs from the end of the last fault, not from the end of the clients. Past it the
      // audit goes on looking for a while, so that a miss says by how much.
      double sinceLastFault = (System.nanoTime() - runStart) / 1e9 - scheduleEnded;
      ReplicaAudit.Pass pass = audit.awaitInPlace(HEAL_OVERTIME.plusMillis(
          Math.max(0, Math.round((ChaosSettings.HEAL_BOUND.toSeconds() - sinceLastFault) * 1000))));
      double healSeconds = (System.nanoTime() - runStart) / 1e9 - scheduleEnded;
      pass.problem().ifPresent(p -> report.comment("not in place after the bound: " + p));
      progress("reading every replica from its node");
      ReplicaAudit.Verification verification = audit.verifyEveryReplica();
      verification.samples().forEach(line -> report.comment("replica not verified: " + line));
      progress("reading back every file the run wrote");
      long names = oracle.names().size();
      long readBack = workload.readBack(runner, oracle, stats);
      long tempFiles = cluster.dataNodeTempFiles();

      OpFigures.report(report, "chaos", stats, seconds);
      report.figure("chaos.faults.kill", schedule.count(Fault.Kind.KILL, false), "faults");
      report.figure("chaos.faults.stop", schedule.count(Fault.Kind.STOP, false), "faults");
      report.figure("chaos.faults.meta_kill", schedule.count(Fault.Kind.KILL, true), "faults");
      report.figure("chaos.faults.most_down", schedule.mostDownAtOnce(), "nodes");
      report.figure("chaos.faults.not_done", injectorFailures.size(), "faults");
      report.figure("chaos.attempts.failed", stats.failedAttempts().values().stream().mapToLong(Long::longValue).sum(),
          "attempts");
      stats.failedAttempts().forEach((code, n) -> report.figure("chaos.attempts.failed." + code, n, "attempts"));
      report.figure("chaos.ops.succeeded_on_retry", stats.succeededOnRetryCount(), "ops");
      report.figure("chaos.errors.unclean", stats.uncleanCount(), "errors");
      report.figure("chaos.final.files", names, "files");
      report.figure("chaos.final.verified", readBack, "files");
      report.figure("chaos.heal.seconds", healSeconds, "s");
      report.note("chaos.heal.seconds", "clientsEndedAfterScheduleSeconds",
          (clientsEnded - runStart) / 1e9 - scheduleEnded);
      report.figure("chaos.blocks", pass.blocks(), "blocks");
      report.figure("chaos.replicas", verification.replicas(), "replicas");
      report.figure("chaos.replicas.verified", verification.verified(), "replicas");
      report.figure("chaos.datanode.temp_files", tempFiles, "files");
      stats.samples().forEach(report::comment);

      boolean inPlace = pass.problem().isEmpty() && healSeconds <= ChaosSettings.HEAL_BOUND.toSeconds();
      boolean replicasRight = verification.failed() == 0
          && verification.replicas() == (long) BenchCluster.REPLICATION * pass.blocks()
          && verification.verified() == verification.replicas();
      report.holds("chaos.faults.not_done", "== 0", injectorFailures.isEmpty(), "every fault of the schedule was made");
      report.holds("chaos.errors", "== 0", stats.errorCount() == 0,
          "every operation that failed succeeded when tried again");
      report.holds("chaos.errors.unclean", "== 0", stats.uncleanCount() == 0,
          "every failure was a clean error naming what went wrong");
      report.holds("chaos.violations", "== 0", stats.violations() == 0, "no corrupt read, no lost write");
      report.holds("chaos.final.verified", "== chaos.final.files", readBack == names,
          "every acknowledged write read back");
      report.holds("chaos.heal.seconds", "<= " + ChaosSettings.HEAL_BOUND.toSeconds(), inPlace,
          "every block on exactly " + BenchCluster.REPLICATION + " live nodes and data directories after the last fault");
      report.holds("chaos.replicas.verified", "== " + BenchCluster.REPLICATION + " x chaos.blocks", replicasRight,
          "every replica read whole from its node with meta's CRC32C");
      report.holds("chaos.datanode.temp_files", "== 0", tempFiles == 0, "no temp file left on a data node");
      return injectorFailures.isEmpty() && stats.errorCount() == 0 && stats.violations() == 0 && readBack == names
          && inPlace && replicasRight && tempFiles == 0;
    }
  }

  private void progress(String text) {
    harness.progress(text);
  }
}
