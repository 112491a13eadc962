package io.dfs.bench.scenario;

import io.dfs.bench.cluster.BenchCluster;
import io.dfs.bench.run.Report;
import io.vertx.core.json.JsonObject;
import java.time.Duration;

/** meta.create_commit.c8 and meta.lookup.p99: meta's own work on 1-byte files, 8 threads. */
public final class MetaScenario {
  private static final int THREADS = 8;

  private final BenchContext ctx;
  private final ClientRunner client;

  public MetaScenario(BenchContext ctx, BenchCluster cluster) {
    this.ctx = ctx;
    this.client = new ClientRunner(ctx, cluster);
  }

  public void run() {
    Report r = ctx.report();
    int files = ctx.settings().metaFiles();
    BenchContext.progress("meta.create_commit.c8: " + files + " files of 1 byte, " + THREADS + " threads");
    JsonObject phase = client.run("meta", Duration.ofMinutes(10), "meta", "--files", Integer.toString(files),
        "--threads", Integer.toString(THREADS), "--prefix", "meta/", "--warmup",
        Integer.toString(ctx.settings().warmup()));
    r.figure("meta.create_commit.c8", phase.getDouble("createCommitOpsPerSecond"), "ops/s");
    r.note("meta.create_commit.c8", "createSeconds", phase.getDouble("createSeconds"));
    r.note("meta.create_commit.c8", "commitSeconds", phase.getDouble("commitSeconds"));
    r.note("meta.create_commit.c8", "createP99Ms", phase.getDouble("createP99Ms"));
    r.note("meta.create_commit.c8", "commitP99Ms", phase.getDouble("commitP99Ms"));
    r.atLeast("meta.create_commit.c8", 3000, "ops/s", "3,000 ops/s, every commit synced: syncWrites=true");
    r.figure("meta.lookup.p99", phase.getDouble("lookupP99Ms"), "ms");
    r.note("meta.lookup.p99", "lookupP50Ms", phase.getDouble("lookupP50Ms"));
    r.note("meta.lookup.p99", "lookupsPerSecond", phase.getDouble("lookupOpsPerSecond"));
  }
}
