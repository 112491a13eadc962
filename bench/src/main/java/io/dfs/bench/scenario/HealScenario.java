package io.dfs.bench.scenario;

import io.dfs.bench.cluster.BenchCluster;
import io.dfs.bench.data.TestData;
import io.dfs.bench.run.Report;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * heal.seconds and heal.rate: a cluster of four data nodes holds the big file at three replicas;
 * the node holding the most block bytes is killed with SIGKILL, and meta's {@code /api/v1/cluster}
 * is polled until it reports the node dead and then no block under-replicated or missing.
 * heal.seconds runs from the kill to that moment (detection included); heal.rate is the bytes the
 * dead node held over the time from its eviction to that moment (the copying alone).
 */
public final class HealScenario {
  public static final int DATA_NODES = 4;
  private static final long POLL_MS = 100;

  private final BenchContext ctx;

  public HealScenario(BenchContext ctx) {
    this.ctx = ctx;
  }

  public void run() {
    boolean ownSource = ctx.settings().healMiB() != ctx.settings().bigMiB();
    Path source = ownSource ? ctx.data().resolve("heal.bin") : LargeFileScenario.bigSource(ctx);
    if (ownSource) {
      TestData.random(source, BenchContext.mib(ctx.settings().healMiB()), 4);
    }
    BenchContext.progress("heal: starting auth, meta and " + DATA_NODES + " data nodes");
    try (BenchCluster cluster = ctx.startCluster("heal-cluster", DATA_NODES)) {
      BenchContext.progress("heal: cluster of " + DATA_NODES + " data nodes ready; putting " + ctx.settings().healMiB()
          + " MiB");
      JsonObject put = new ClientRunner(ctx, cluster).run("heal-put", Duration.ofSeconds(120 + ctx.settings().healMiB()),
          "put", source.toString(), "heal/file");
      long replicas = (long) BenchCluster.REPLICATION * put.getInteger("blocks");
      await(cluster, "every block at " + BenchCluster.REPLICATION + " replicas", Duration.ofMinutes(2),
          s -> healthy(s) && blocksOnLiveNodes(s) == replicas);

      String victim = cluster.dataNodes().stream()
          .max((a, b) -> Long.compare(cluster.blockBytes(a), cluster.blockBytes(b))).orElseThrow();
      long held = cluster.blockBytes(victim);
      BenchContext.progress("heal: killing " + victim + ", which holds " + held / (1 << 20) + " MiB of blocks");
      long killed = System.nanoTime();
      cluster.kill(victim);
      await(cluster, victim + " dead", Duration.ofMinutes(1), s -> "dead".equals(state(s, victim)));
      long evicted = System.nanoTime();
      await(cluster, "nothing under-replicated", Duration.ofMinutes(10), HealScenario::healthy);
      long healed = System.nanoTime();

      Report r = ctx.report();
      r.figure("heal.rate", held / 1e6 / ((healed - evicted) / 1e9), "MB/s");
      r.note("heal.rate", "bytes", held);
      r.note("heal.rate", "node", victim);
      r.value("limit.disk.write").ifPresent(disk -> r.value("limit.tcp").ifPresent(tcp ->
          r.shareOfLimit("heal.rate", Math.min(disk, tcp), "min(limit.disk.write, limit.tcp)")));
      r.figure("heal.seconds", (healed - killed) / 1e9, "s");
      r.note("heal.seconds", "detectionSeconds", (evicted - killed) / 1e9);
    } finally {
      if (ownSource) {
        TestData.delete(source);
      }
    }
  }

  private static boolean healthy(JsonObject state) {
    return state.getLong("underReplicatedBlocks") == 0 && state.getLong("missingBlocks") == 0;
  }

  private static long blocksOnLiveNodes(JsonObject state) {
    return state.getJsonArray("nodes").stream().map(JsonObject.class::cast)
        .filter(n -> "live".equals(n.getString("state"))).mapToLong(n -> n.getLong("blocks")).sum();
  }

  private static String state(JsonObject clusterState, String node) {
    return clusterState.getJsonArray("nodes").stream().map(JsonObject.class::cast)
        .filter(n -> node.equals(n.getString("id"))).map(n -> n.getString("state")).findFirst().orElse("unknown");
  }

  private static void await(BenchCluster cluster, String what, Duration bound, Predicate<JsonObject> condition) {
    long deadline = System.nanoTime() + bound.toNanos();
    while (!condition.test(cluster.clusterState())) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("heal: not " + what + " within " + bound.toSeconds() + " s; meta says "
            + cluster.clusterState().encode());
      }
      try {
        Thread.sleep(POLL_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted");
      }
    }
  }
}
