package io.dfs.bench.scenario;

import io.dfs.bench.data.TestData;
import io.dfs.bench.limits.Crc32cLimit;
import io.dfs.bench.limits.DiskLimit;
import io.dfs.bench.limits.TcpLimit;
import io.dfs.bench.run.Report;
import java.nio.file.Path;

/**
 * The machine's limits, measured in the same run before any cluster starts so nothing competes:
 * the disk under the run's data, loopback TCP between two processes, and CRC32C on one thread.
 */
public final class LimitsScenario {
  private final BenchContext ctx;

  public LimitsScenario(BenchContext ctx) {
    this.ctx = ctx;
  }

  public void disk() {
    Report r = ctx.report();
    long bytes = BenchContext.mib(ctx.settings().diskMiB());
    Path file = ctx.data().resolve("limit-disk.bin");
    BenchContext.progress("limit.disk: writing and reading back " + ctx.settings().diskMiB() + " MiB in " + ctx.data());
    try {
      r.figure("limit.disk.write", DiskLimit.write(file, bytes), "MB/s");
      r.note("limit.disk.write", "method", "sequential 1 MiB writes, one fdatasync at the end, timed to its return");
      DiskLimit.Read read = DiskLimit.read(file);
      r.figure("limit.disk.read", read.megabytesPerSecond(), "MB/s");
      r.note("limit.disk.read", "method", read.method());
      r.comment("limit.disk.read read with " + read.method());
    } finally {
      TestData.delete(file);
    }
  }

  public void tcp() {
    BenchContext.progress("limit.tcp: " + ctx.settings().tcpMiB() + " MiB over loopback to another process");
    ctx.report().figure("limit.tcp",
        TcpLimit.measure(ctx.processes(), ctx.jars().bench(), BenchContext.mib(ctx.settings().tcpMiB())), "MB/s");
  }

  public void crc32c() {
    BenchContext.progress("limit.crc32c: " + ctx.settings().crcMiB() + " MiB on one thread");
    ctx.report().figure("limit.crc32c", Crc32cLimit.measure(BenchContext.mib(ctx.settings().crcMiB())), "MB/s");
  }
}
