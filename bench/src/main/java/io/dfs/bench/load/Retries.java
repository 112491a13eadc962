package io.dfs.bench.load;

import java.time.Duration;

/**
 * What a client does when an operation fails with a clean error (a {@link
 * io.dfs.common.error.DfsException}, which says what went wrong): {@link #NONE} for {@code make
 * load}, where every failure counts; for {@code make chaos}, where faults are the point, the same
 * operation again after a growing pause, until it succeeds or {@code budget} has passed since the
 * first attempt.
 */
record Retries(Duration budget) {
  static final Retries NONE = new Retries(Duration.ZERO);
  private static final long FIRST_PAUSE_MS = 250;
  private static final long LONGEST_PAUSE_MS = 4_000;

  boolean enabled() {
    return !budget.isZero();
  }

  /** The pause after failed attempt {@code attempt} (1, 2, …): doubling from 250 ms up to 4 s. */
  static long pauseMs(int attempt) {
    return Math.min(LONGEST_PAUSE_MS, FIRST_PAUSE_MS << Math.min(10, attempt - 1));
  }
}
