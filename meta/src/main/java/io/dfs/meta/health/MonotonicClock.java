package io.dfs.meta.health;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that never jumps: wall-clock time at creation plus {@link System#nanoTime()} elapsed
 * since. Node liveness is judged on it so that an NTP step cannot evict every node at once.
 */
public final class MonotonicClock extends Clock {
  private final long baseMillis = System.currentTimeMillis();
  private final long baseNanos = System.nanoTime();

  @Override
  public long millis() {
    return baseMillis + (System.nanoTime() - baseNanos) / 1_000_000;
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    // Only millis() is used; the zone does not matter for elapsed-time arithmetic.
    return this;
  }
}
