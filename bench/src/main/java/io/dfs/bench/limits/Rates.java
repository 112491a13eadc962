package io.dfs.bench.limits;

/** Every rate in the benchmark is decimal megabytes (10^6 bytes) per second. */
public final class Rates {
  private Rates() {}

  public static double megabytesPerSecond(long bytes, long nanos) {
    return bytes / 1e6 / (nanos / 1e9);
  }
}
