package io.dfs.meta.http;

/**
 * When a new census of the namespace is due. One is due at once when membership changed since the
 * last (a node joined or was evicted): a status showing a dead node beside the counts from before
 * its eviction would say nothing is under-replicated. Otherwise one is due when the last is older
 * than the TTL or the replica map moved, but never while the census rests: after a scan, the next
 * waits {@code restFactor} times as long as that scan took, up to a bound. A scan walks every
 * committed file, and a monitor polling each second would otherwise spend a large namespace's
 * worth of CPU each second on it; a small namespace scans in about a millisecond and so rests for
 * only a few dozen. Membership changes seldom, so it cannot keep meta scanning. Times are
 * {@link System#nanoTime()} readings. Not thread-safe.
 */
final class CensusPacing {
  private final long ttlNanos;
  private final int restFactor;
  private final long maxRestNanos;
  private long startedNanos;
  private long membership;
  private long replicas;
  private long endedNanos;
  private long restNanos;

  CensusPacing(long ttlNanos, int restFactor, long maxRestNanos) {
    this.ttlNanos = ttlNanos;
    this.restFactor = restFactor;
    this.maxRestNanos = maxRestNanos;
  }

  /**
   * Whether the census taken last is of another membership, or too old or of another replica map
   * and no longer resting, at {@code nowNanos}.
   */
  boolean due(long nowNanos, long currentMembership, long currentReplicas) {
    if (!takenUnder(currentMembership)) {
      return true;
    }
    boolean stale = currentReplicas != replicas || nowNanos - startedNanos > ttlNanos;
    return stale && nowNanos - endedNanos >= restNanos;
  }

  /** Whether the census started last counts under {@code currentMembership}. */
  boolean takenUnder(long currentMembership) {
    return currentMembership == membership;
  }

  void started(long nowNanos, long currentMembership, long currentReplicas) {
    startedNanos = nowNanos;
    membership = currentMembership;
    replicas = currentReplicas;
  }

  /** The scan started last ended at {@code nowNanos}, however it ended. */
  void ended(long nowNanos) {
    endedNanos = nowNanos;
    restNanos = Math.min((nowNanos - startedNanos) * restFactor, maxRestNanos);
  }
}
