package io.dfs.meta.http;

/**
 * When a new census of the namespace is due. One is due when the last is older than the TTL or
 * was taken under another key (membership or the replica map moved), but never while the census
 * rests: after a scan, the next waits {@code restFactor} times as long as that scan took, up to a
 * bound. A scan walks every committed file, and a monitor polling each second would otherwise
 * spend a large namespace's worth of CPU each second on it; a small namespace scans in about a
 * millisecond and so rests for only a few dozen. Times are {@link System#nanoTime()} readings.
 * Not thread-safe.
 */
final class CensusPacing {
  private final long ttlNanos;
  private final int restFactor;
  private final long maxRestNanos;
  private long startedNanos;
  private long key;
  private long endedNanos;
  private long restNanos;

  CensusPacing(long ttlNanos, int restFactor, long maxRestNanos) {
    this.ttlNanos = ttlNanos;
    this.restFactor = restFactor;
    this.maxRestNanos = maxRestNanos;
  }

  /** Whether the census taken last is too old or too different at {@code nowNanos}, and no longer resting. */
  boolean due(long nowNanos, long currentKey) {
    boolean stale = currentKey != key || nowNanos - startedNanos > ttlNanos;
    return stale && nowNanos - endedNanos >= restNanos;
  }

  void started(long nowNanos, long currentKey) {
    startedNanos = nowNanos;
    key = currentKey;
  }

  /** The scan started last ended at {@code nowNanos}, however it ended. */
  void ended(long nowNanos) {
    endedNanos = nowNanos;
    restNanos = Math.min((nowNanos - startedNanos) * restFactor, maxRestNanos);
  }
}
