package io.dfs.bench.scenario;

import io.dfs.bench.cluster.BenchCluster;
import io.dfs.bench.data.TestData;
import io.dfs.bench.proc.PeakRss;
import io.dfs.bench.run.Report;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;

/**
 * put.1g and get.1g, each through a client process of its own, with the peak RSS of that client and
 * of every data node over both; then rss.client.4g, the client's peak during a 4 GiB put.
 *
 * <p>The servers first take an unmeasured put and get of {@value #WARMUP_MIB} MiB: a data node
 * runs for months, and the figures are of one that has compiled its hot paths, not of its first
 * seconds. Each client is a fresh process, as a {@code dfs} command is, so its own warm-up counts.
 */
public final class LargeFileScenario {
  private static final String BIG_NAME = "big/1g";
  private static final String WARMUP_NAME = "big/warmup";
  public static final long WARMUP_MIB = 256;
  private static final double MIB = 1024;

  private final BenchContext ctx;
  private final BenchCluster cluster;
  private final ClientRunner client;

  public LargeFileScenario(BenchContext ctx, BenchCluster cluster) {
    this.ctx = ctx;
    this.cluster = cluster;
    this.client = new ClientRunner(ctx, cluster);
  }

  /** The big file's local copy; made once and reused by the healing step when it is the same size. */
  public static Path bigSource(BenchContext ctx) {
    Path file = ctx.data().resolve("big.bin");
    long bytes = BenchContext.mib(ctx.settings().bigMiB());
    if (!Files.isRegularFile(file) || size(file) != bytes) {
      BenchContext.progress("writing " + ctx.settings().bigMiB() + " MiB of random data to " + file);
      TestData.random(file, bytes, 1);
    }
    return file;
  }

  public void bigPutAndGet() {
    Report r = ctx.report();
    Path source = bigSource(ctx);
    Path back = ctx.data().resolve("big.back");
    Duration timeout = timeoutFor(ctx.settings().bigMiB());
    warmUpServers(timeout);
    JsonObject put;
    JsonObject get;
    Map<String, Long> nodePeaks;
    try (PeakRss nodes = new PeakRss(cluster.dataNodePids())) {
      BenchContext.progress("put.1g: " + ctx.settings().bigMiB() + " MiB up");
      put = client.run("put-1g", timeout, "put", source.toString(), BIG_NAME);
      r.figure("put.1g", rate(put), "MB/s");
      r.note("put.1g", "bytes", put.getLong("bytes"));
      limitShare("put.1g", 3, "min(limit.disk.write, limit.tcp) / 3");

      BenchContext.progress("get.1g: " + ctx.settings().bigMiB() + " MiB down");
      get = client.run("get-1g", timeout, "get", BIG_NAME, back.toString());
      if (size(back) != size(source)) {
        throw new IllegalStateException("get.1g wrote " + size(back) + " bytes, not " + size(source));
      }
      r.figure("get.1g", rate(get), "MB/s");
      r.note("get.1g", "bytes", get.getLong("bytes"));
      r.value("limit.tcp").ifPresent(tcp -> {
        r.shareOfLimit("get.1g", tcp, "limit.tcp");
        r.atLeast("get.1g", 0.7 * tcp, "MB/s", "70% of limit.tcp");
      });
      nodePeaks = nodes.peaksKiB();
    } finally {
      TestData.delete(back);
    }
    String busiest = Collections.max(nodePeaks.entrySet(), Map.Entry.comparingByValue()).getKey();
    r.figure("rss.datanode.max", nodePeaks.get(busiest) / MIB, "MiB");
    r.note("rss.datanode.max", "node", busiest);
    JsonObject perNode = new JsonObject();
    nodePeaks.forEach((node, kib) -> perNode.put(node, kib / MIB));
    r.note("rss.datanode.max", "perNodeMiB", perNode);
    r.atMost("rss.datanode.max", 300, "MiB", "300 MiB");
    r.figure("rss.client.1g", Math.max(put.getLong("peakRssKiB"), get.getLong("peakRssKiB")) / MIB, "MiB");
    r.note("rss.client.1g", "putMiB", put.getLong("peakRssKiB") / MIB);
    r.note("rss.client.1g", "getMiB", get.getLong("peakRssKiB") / MIB);
    r.atMost("rss.client.1g", 300, "MiB", "300 MiB");
  }

  private void warmUpServers(Duration timeout) {
    long mib = Math.min(WARMUP_MIB, ctx.settings().bigMiB());
    Path source = ctx.data().resolve("warmup.bin");
    Path back = ctx.data().resolve("warmup.back");
    BenchContext.progress("warming the servers up: " + mib + " MiB up and down, unmeasured");
    try {
      TestData.random(source, BenchContext.mib(mib), 2);
      client.run("warmup-put", timeout, "put", source.toString(), WARMUP_NAME);
      client.run("warmup-get", timeout, "get", WARMUP_NAME, back.toString());
    } finally {
      TestData.delete(source);
      TestData.delete(back);
    }
  }

  /** The 4 GiB put, whose client memory is measured, from a sparse local file (no local disk I/O). */
  public void hugePut() {
    Report r = ctx.report();
    Path source = ctx.data().resolve("huge.bin");
    TestData.sparse(source, BenchContext.mib(ctx.settings().hugeMiB()));
    try {
      BenchContext.progress("rss.client.4g: " + ctx.settings().hugeMiB() + " MiB up");
      JsonObject put = client.run("put-4g", timeoutFor(ctx.settings().hugeMiB()), "put", source.toString(), "big/4g");
      r.figure("rss.client.4g", put.getLong("peakRssKiB") / MIB, "MiB");
      r.note("rss.client.4g", "putMBps", rate(put));
      r.value("rss.client.1g").ifPresent(base ->
          r.atMost("rss.client.4g", 1.1 * base, "MiB", "rss.client.1g + 10%"));
    } finally {
      TestData.delete(source);
    }
  }

  private void limitShare(String figure, int copies, String rule) {
    Report r = ctx.report();
    r.value("limit.disk.write").ifPresent(disk -> r.value("limit.tcp").ifPresent(tcp -> {
      double bound = Math.min(disk, tcp) / copies;
      r.shareOfLimit(figure, bound, rule);
      r.atLeast(figure, 0.7 * bound, "MB/s", "70% of " + rule);
    }));
  }

  private static double rate(JsonObject phase) {
    return phase.getLong("bytes") / 1e6 / phase.getDouble("seconds");
  }

  /** Generous: a transfer slower than 2 MB/s is broken, not slow. */
  private static Duration timeoutFor(long mib) {
    return Duration.ofSeconds(120 + mib / 2);
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
