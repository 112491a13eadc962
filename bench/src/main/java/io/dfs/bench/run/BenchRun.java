package io.dfs.bench.run;

import io.dfs.bench.cluster.BenchCluster;
import io.dfs.bench.cluster.Jars;
import io.dfs.bench.data.TestData;
import io.dfs.bench.proc.ChildProcesses;
import io.dfs.bench.scenario.BenchContext;
import io.dfs.bench.scenario.HealScenario;
import io.dfs.bench.scenario.LargeFileScenario;
import io.dfs.bench.scenario.LimitsScenario;
import io.dfs.bench.scenario.MetaScenario;
import io.dfs.bench.scenario.SmallFileScenario;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One benchmark run, in order: the machine's limits; a cluster of three data nodes for the big
 * and small transfers, meta's figures and the 4 GiB put; a fresh cluster of four data nodes for
 * healing. A step that fails is reported and the run goes on to the next one it can do; the exit
 * status is then 1. Every process started is stopped and every data file deleted however the run
 * ends; the logs stay in the work directory's log/.
 *
 * <p>On Ctrl-C or SIGTERM the shutdown hook stops every process; this thread, its steps then
 * failing or skipped, deletes the data and writes the results of the steps done, and the hook
 * waits up to {@value #CLEANUP_SECONDS} s for it, since the JVM ends when the hook does.
 */
final class BenchRun {
  static final int DATA_NODES = 3;
  private static final long CLEANUP_SECONDS = 60;

  private final BenchSettings settings;
  private final Path root;
  private final Report report = new Report(System.out);
  private final CountDownLatch finished = new CountDownLatch(1);
  private ChildProcesses processes;

  BenchRun(BenchSettings settings, Path root) {
    this.settings = settings;
    this.root = root;
  }

  /** Runs every step; returns the exit status (see {@link RunCommand#call()}). */
  int run() {
    try {
      return runSteps();
    } catch (CannotStart e) {
      System.err.println("bench: " + e.getMessage());
      return 2;
    } finally {
      finished.countDown();
    }
  }

  /** The jars are missing or the disk is too full: nothing was measured. */
  private static final class CannotStart extends RuntimeException {
    CannotStart(String message) {
      super(message);
    }
  }

  private int runSteps() {
    long start = System.nanoTime();
    Instant startedAt = Instant.now();
    report.comment("dfs bench: " + settings.summary());
    Jars jars;
    try {
      jars = Jars.under(root);
    } catch (IllegalStateException e) {
      throw new CannotStart(e.getMessage());
    }
    processes = new ChildProcesses();
    processes.afterShutdown(this::awaitFinished);
    BenchContext ctx = new BenchContext(settings, jars, processes, report);
    prepare(ctx);
    try {
      if (settings.runs("limits")) {
        LimitsScenario limits = new LimitsScenario(ctx);
        step("limit.disk", limits::disk);
        step("limit.tcp", limits::tcp);
        step("limit.crc32c", limits::crc32c);
      }
      if (settings.runs("large") || settings.runs("small") || settings.runs("meta") || settings.runs("huge")) {
        step("cluster of " + DATA_NODES + " data nodes", () -> clusterSteps(ctx));
      }
      step("heal", "heal", () -> {
        try {
          new HealScenario(ctx).run();
        } finally {
          TestData.delete(ctx.data().resolve("heal-cluster"));
        }
      });
    } finally {
      processes.stopAll();
      TestData.delete(ctx.data());
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    writeResults(startedAt, seconds);
    report.comment(String.format(Locale.ROOT, "finished in %.0f s; results in %s%s", seconds,
        root.relativize(settings.results()), report.failed() ? "; some steps FAILED (logs in "
            + root.relativize(ctx.logs()) + ")" : ""));
    return report.failed() ? 1 : 0;
  }

  private void clusterSteps(BenchContext ctx) {
    BenchContext.progress("starting auth, meta and " + DATA_NODES + " data nodes");
    try (BenchCluster cluster = ctx.startCluster("cluster", DATA_NODES)) {
      BenchContext.progress("cluster ready");
      LargeFileScenario large = new LargeFileScenario(ctx, cluster);
      step("large", "put.1g and get.1g", large::bigPutAndGet);
      step("small", "small files", () -> new SmallFileScenario(ctx, cluster).run());
      step("meta", "meta", () -> new MetaScenario(ctx, cluster).run());
      step("huge", "rss.client.4g", large::hugePut);
    } finally {
      TestData.delete(ctx.data().resolve("cluster"));
    }
  }

  private void awaitFinished() {
    try {
      finished.await(CLEANUP_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A step {@code BENCH_STEPS} may leave out. */
  private void step(String selector, String name, Runnable step) {
    if (settings.runs(selector)) {
      step(name, step);
    }
  }

  private void step(String name, Runnable step) {
    if (processes.stopping()) {
      report.comment(name + " skipped: the run was interrupted");
      return;
    }
    long start = System.nanoTime();
    boolean ok = false;
    try {
      step.run();
      ok = true;
    } catch (RuntimeException e) {
      report.failure(name, e);
    } finally {
      report.stepTook(name, (System.nanoTime() - start) / 1e9, ok);
    }
  }

  /** Empties the work directory and checks that the disk has room for the run. */
  private void prepare(BenchContext ctx) {
    TestData.delete(ctx.data());
    TestData.delete(ctx.logs());
    try {
      Files.createDirectories(ctx.data());
      Files.createDirectories(ctx.logs());
      long free = Files.getFileStore(ctx.data()).getUsableSpace();
      long needed = bytesNeeded();
      if (free < needed) {
        throw new CannotStart(String.format(Locale.ROOT,
            "the run needs about %.1f GiB free in %s and there are %.1f GiB; scale it down with BENCH_SCALE"
                + " (e.g. BENCH_SCALE=0.25) or BENCH_HUGE_MIB", needed / 1073741824.0, ctx.data(),
            free / 1073741824.0));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The most the run holds on disk at once, with 1 GiB to spare: the three-node cluster at its
   * fullest (the big, the warm-up and the huge file three times each, beside the big file and its copy read
   * back), the limit's file, or the healing cluster (its file three times, copies of the dead
   * node's share, the local file).
   */
  private long bytesNeeded() {
    long big = BenchContext.mib(settings.bigMiB());
    long warmup = BenchContext.mib(Math.min(LargeFileScenario.WARMUP_MIB, settings.bigMiB()));
    long firstCluster = BenchCluster.REPLICATION * (big + warmup + BenchContext.mib(settings.hugeMiB())) + 2 * big;
    long heal = (BenchCluster.REPLICATION + 1) * BenchContext.mib(settings.healMiB()) + big;
    return Math.max(firstCluster, Math.max(BenchContext.mib(settings.diskMiB()), heal)) + (1L << 30);
  }

  private void writeResults(Instant startedAt, double seconds) {
    JsonObject results = new JsonObject()
        .put("startedAt", startedAt.toString())
        .put("seconds", Math.round(seconds * 10) / 10.0)
        .put("machine", new JsonObject().put("cpus", Runtime.getRuntime().availableProcessors())
            .put("java", System.getProperty("java.version")))
        .put("settings", settings.toJson())
        .put("cluster", new JsonObject().put("dataNodes", DATA_NODES).put("healDataNodes", HealScenario.DATA_NODES)
            .put("replication", BenchCluster.REPLICATION).put("fsync", true).put("syncWrites", true))
        .put("units", new JsonObject().put("MB/s", "10^6 bytes per second").put("MiB", "2^20 bytes"))
        .mergeIn(report.toJson());
    try {
      Report.writeAtomically(settings.results(), results);
    } catch (IOException e) {
      report.failure("results.json", e);
    }
  }
}
