package io.dfs.bench.load;

import io.dfs.bench.cluster.BenchCluster;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Watches meta while a run goes on: every second it reads the longest time since meta last heard
 * a data node's heartbeat ({@code dfs_meta_heartbeat_lag_seconds}), and it counts the evictions
 * ({@code dfs_meta_evictions_total}) between its start and its end. A reading that fails is
 * counted, never taken for a good one.
 */
final class HeartbeatWatch implements AutoCloseable {
  static final String LAG = "dfs_meta_heartbeat_lag_seconds";
  static final String EVICTIONS = "dfs_meta_evictions_total";
  private static final long PERIOD_MS = 1000;

  private final BenchCluster cluster;
  private final double evictionsAtStart;
  private final AtomicInteger unreadable = new AtomicInteger();
  private final Thread thread;
  private volatile double longestLagSeconds;
  private volatile boolean stopped;

  HeartbeatWatch(BenchCluster cluster) {
    this.cluster = cluster;
    this.evictionsAtStart = cluster.metaMetric(EVICTIONS);
    this.thread = new Thread(this::watch, "heartbeat-watch");
    thread.setDaemon(true);
    thread.start();
  }

  private void watch() {
    while (!stopped) {
      try {
        longestLagSeconds = Math.max(longestLagSeconds, cluster.metaMetricMax(LAG));
      } catch (RuntimeException e) {
        unreadable.incrementAndGet();
      }
      try {
        Thread.sleep(PERIOD_MS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  double longestLagSeconds() {
    return longestLagSeconds;
  }

  int unreadable() {
    return unreadable.get();
  }

  /** Evictions since the watch started; reads meta, so it fails if meta cannot answer. */
  double evictions() {
    return cluster.metaMetric(EVICTIONS) - evictionsAtStart;
  }

  @Override
  public void close() {
    stopped = true;
    thread.interrupt();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
