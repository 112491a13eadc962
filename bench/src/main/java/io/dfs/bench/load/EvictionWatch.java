package io.dfs.bench.load;

import io.dfs.bench.cluster.BenchCluster;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts evictions while a run goes on: every second it reads meta's cluster view and counts each
 * time a data node it last saw live is dead. A view it cannot read is counted apart.
 */
final class EvictionWatch implements AutoCloseable {
  private static final long PERIOD_MS = 1000;

  private final BenchCluster cluster;
  private final Map<String, String> lastState = new HashMap<>();
  private final AtomicInteger evictions = new AtomicInteger();
  private final AtomicInteger unreadable = new AtomicInteger();
  private final Thread thread;
  private volatile boolean stopped;

  EvictionWatch(BenchCluster cluster) {
    this.cluster = cluster;
    this.thread = new Thread(this::watch, "eviction-watch");
    thread.setDaemon(true);
    thread.start();
  }

  private void watch() {
    while (!stopped) {
      try {
        for (Object o : cluster.clusterState().getJsonArray("nodes")) {
          JsonObject node = (JsonObject) o;
          String before = lastState.put(node.getString("id"), node.getString("state"));
          if ("live".equals(before) && "dead".equals(node.getString("state"))) {
            evictions.incrementAndGet();
          }
        }
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

  int evictions() {
    return evictions.get();
  }

  int unreadable() {
    return unreadable.get();
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
