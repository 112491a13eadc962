package io.dfs.bench.client;

import java.util.Arrays;

/** Per-operation latencies of one measured phase, with nearest-rank percentiles. */
final class Latencies {
  private final long[] nanos;

  Latencies(long[] nanos) {
    this.nanos = nanos.clone();
    Arrays.sort(this.nanos);
  }

  /** The {@code p}th percentile (0 < p ≤ 100) in milliseconds: the smallest latency at least p% of operations did not exceed. */
  double percentileMs(double p) {
    if (nanos.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(p / 100 * nanos.length);
    return nanos[Math.max(0, Math.min(nanos.length, rank) - 1)] / 1e6;
  }
}
