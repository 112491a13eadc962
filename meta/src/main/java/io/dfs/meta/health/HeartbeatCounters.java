package io.dfs.meta.health;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Heartbeat datagrams by outcome, REJOINs sent and evictions; written by one thread, read by any. */
public final class HeartbeatCounters {
  private final Map<HeartbeatOutcome, AtomicLong> byOutcome = new EnumMap<>(HeartbeatOutcome.class);
  private final AtomicLong rejoinsSent = new AtomicLong();
  private final AtomicLong evictions = new AtomicLong();

  public HeartbeatCounters() {
    for (HeartbeatOutcome o : HeartbeatOutcome.values()) {
      byOutcome.put(o, new AtomicLong());
    }
  }

  void record(HeartbeatOutcome outcome) {
    byOutcome.get(outcome).incrementAndGet();
  }

  void rejoinSent() {
    rejoinsSent.incrementAndGet();
  }

  void evicted() {
    evictions.incrementAndGet();
  }

  public long evictions() {
    return evictions.get();
  }

  public long count(HeartbeatOutcome outcome) {
    return byOutcome.get(outcome).get();
  }

  public long rejoinsSent() {
    return rejoinsSent.get();
  }
}
