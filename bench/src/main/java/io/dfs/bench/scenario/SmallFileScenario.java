package io.dfs.bench.scenario;

import io.dfs.bench.cluster.BenchCluster;
import io.dfs.bench.data.TestData;
import io.dfs.bench.run.Report;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

/**
 * put.small and get.small with 1 and 8 concurrent clients: every file a whole put or get by the
 * CLI's client code. Each put phase also counts the replicas the data nodes stored and fsynced
 * (their {@code dfs_datanode_blocks_written_total}), so "every put durable" is checked, not assumed.
 *
 * <p>Each get phase writes into a directory of its own, and none is deleted before the step ends.
 * Deleting thousands of files just before a phase that creates thousands more makes the local file
 * system the thing timed: ext4 without a journal passes over the inodes freed in the last minutes
 * each time it allocates one, and during {@code get.small.c8} that took an eighth of the machine
 * in the client's file creates ({@code perf}: {@code recently_deleted},
 * {@code find_get_block_common}).
 *
 * <p>The servers first move small files unmeasured, in rounds, until a round's puts are no longer
 * clearly faster than the round before's ({@link WarmUpRounds}): a method reaches the JIT's optimising
 * compiler after some ten thousand calls, and the one compiler thread of each of five JVMs shares two
 * cores with all the work, so a fresh cluster gets faster over its first ten to twenty thousand
 * small puts, and the phases would time the compiler instead of the data path (as the big file's
 * warm-up, {@link LargeFileScenario}). Each round's rates are printed, so the climb is on record.
 */
public final class SmallFileScenario {
  private static final String BLOCKS_WRITTEN = "dfs_datanode_blocks_written_total";
  private static final Duration TIMEOUT = Duration.ofMinutes(10);

  private final BenchContext ctx;
  private final BenchCluster cluster;
  private final ClientRunner client;
  private final Path sources;
  private final Path out;
  private final JsonArray warmUpRounds = new JsonArray();

  public SmallFileScenario(BenchContext ctx, BenchCluster cluster) {
    this.ctx = ctx;
    this.cluster = cluster;
    this.client = new ClientRunner(ctx, cluster);
    this.sources = ctx.data().resolve("small");
    this.out = ctx.data().resolve("small.back");
  }

  public void run() {
    int files = Math.max(ctx.settings().smallFiles(), ctx.settings().serverWarmupFiles());
    TestData.smallFiles(sources, files, ctx.settings().smallKiB() * 1024, 3);
    TestData.delete(out);
    try {
      warmUpServers();
      put(1);
      put(8);
      get(1);
      get(8);
    } finally {
      TestData.delete(sources);
      TestData.delete(out);
    }
  }

  private void warmUpServers() {
    int files = ctx.settings().serverWarmupFiles();
    WarmUpRounds rounds = new WarmUpRounds();
    boolean another = true;
    while (another) {
      int round = rounds.rounds() + 1;
      BenchContext.progress("warming the servers up, round " + round + ": " + files
          + " small files up and down by 8 clients, unmeasured");
      String prefix = "small/warmup/r" + round + "/";
      JsonObject put = client.run("warmup-put-small-r" + round, TIMEOUT, "put-small",
          options(files, 8, prefix, ctx.settings().warmup()));
      JsonObject get = client.run("warmup-get-small-r" + round, TIMEOUT, "get-small",
          options(files, 8, prefix, ctx.settings().warmup(), "--out", mkdirs(out.resolve("warmup/r" + round))));
      ctx.report().comment(String.format("server warm-up round %d: put %.1f files/s, get %.1f files/s", round,
          put.getDouble("filesPerSecond"), get.getDouble("filesPerSecond")));
      warmUpRounds.add(new JsonObject().put("files", files).put("putFilesPerSecond", put.getDouble("filesPerSecond"))
          .put("getFilesPerSecond", get.getDouble("filesPerSecond")));
      // Puts are judged: their path (three replicas, a synced commit) is the longer one to compile.
      another = rounds.another(put.getDouble("filesPerSecond"));
    }
  }

  private void put(int clients) {
    Report r = ctx.report();
    String figure = "put.small.c" + clients;
    BenchContext.progress(figure + ": " + ctx.settings().smallFiles() + " files of " + ctx.settings().smallKiB()
        + " KiB, " + clients + " client(s)");
    double before = replicasWritten();
    JsonObject phase = client.run(figure, TIMEOUT, "put-small", measured(clients));
    double written = replicasWritten() - before;
    figures(figure, phase);
    long expected = (long) BenchCluster.REPLICATION * (phase.getInteger("files") + phase.getInteger("warmupFiles"));
    r.note(figure, "replicasFsynced", (long) written);
    if (clients == 8) {
      r.atLeast(figure, 1500, "files/s", "1,500 files/s");
      r.atMost(figure + ".p99", 20, "ms", "20 ms");
      r.holds(figure, "durable", written >= expected, String.format("%d of %d replicas stored and fsynced before"
          + " their acks; fsync=true on every data node, syncWrites=true on meta", (long) written, expected));
    }
  }

  private void get(int clients) {
    Report r = ctx.report();
    String figure = "get.small.c" + clients;
    BenchContext.progress(figure + ": " + ctx.settings().smallFiles() + " files, " + clients + " client(s)");
    JsonObject phase = client.run(figure, TIMEOUT, "get-small",
        measured(clients, "--out", mkdirs(out.resolve("c" + clients))));
    figures(figure, phase);
    if (clients == 8) {
      r.atLeast(figure, 5000, "files/s", "5,000 files/s");
      r.atMost(figure + ".p99", 20, "ms", "20 ms");
    }
  }

  private void figures(String figure, JsonObject phase) {
    Report r = ctx.report();
    r.figure(figure, phase.getDouble("filesPerSecond"), "files/s");
    r.note(figure, "files", phase.getInteger("files"));
    r.figure(figure + ".p50", phase.getDouble("p50Ms"), "ms");
    r.figure(figure + ".p99", phase.getDouble("p99Ms"), "ms");
    r.note(figure, "serverWarmUpRounds", warmUpRounds.copy());
  }

  /** The options of a measured phase; the files put by c clients are named small/c<c>/NNNNNN. */
  private String[] measured(int clients, String... more) {
    return options(ctx.settings().smallFiles(), clients, "small/c" + clients + "/", ctx.settings().warmup(), more);
  }

  private String[] options(int files, int clients, String prefix, int warmup, String... more) {
    String[] base = {"--dir", sources.toString(), "--files", Integer.toString(files),
        "--clients", Integer.toString(clients), "--prefix", prefix, "--warmup", Integer.toString(warmup)};
    String[] all = Arrays.copyOf(base, base.length + more.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return all;
  }

  private double replicasWritten() {
    return cluster.dataNodesMetric(BLOCKS_WRITTEN);
  }

  private static String mkdirs(Path dir) {
    try {
      Files.createDirectories(dir);
      return dir.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
