package io.dfs.meta.repair;

import io.dfs.meta.namespace.ReplicaMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Blocks a commit left short of their replication, looked at again once their grace has passed.
 *
 * <p>A commit needs only {@code minReplicas} reports; the pipeline's other replicas are stored
 * before the client's ACK, and their reports usually trail the commit by milliseconds. Scanning
 * the namespace for every such commit would read every file about once a second under a steady
 * stream of writes, a cost that grows with the namespace and finds nothing. A block still short
 * after the grace is worth the scan. Not thread-safe: the scheduler's event loop owns it.
 */
final class ShortBlockWatch {
  private record Awaited(int replication, long dueNanos) {}

  private final long graceNanos;
  private final int capacity;
  /** In the order watched, which is also the order due, as every block gets the same grace. */
  private final LinkedHashMap<String, Awaited> awaited = new LinkedHashMap<>();
  private boolean overflowed;

  ShortBlockWatch(long graceMs, int capacity) {
    this.graceNanos = graceMs * 1_000_000;
    this.capacity = capacity;
  }

  /** Watches {@code blockIds}, which should reach {@code replication} replicas. */
  void watch(Iterable<String> blockIds, int replication, long nowNanos) {
    for (String id : blockIds) {
      if (awaited.size() >= capacity) {
        // Too many to follow one by one: a scan looks at them all.
        overflowed = true;
        return;
      }
      awaited.putIfAbsent(id, new Awaited(replication, nowNanos + graceNanos));
    }
  }

  /**
   * Forgets the blocks whose grace has passed; true when one of them is still short, or when
   * blocks were dropped for want of room, so that a scan is due.
   */
  boolean dueAndShort(ReplicaMap replicas, long nowNanos) {
    boolean scan = overflowed;
    overflowed = false;
    Iterator<Map.Entry<String, Awaited>> it = awaited.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, Awaited> e = it.next();
      if (nowNanos - e.getValue().dueNanos() < 0) {
        break;
      }
      it.remove();
      if (isShort(replicas, e.getKey(), e.getValue().replication())) {
        scan = true;
      }
    }
    return scan;
  }

  /** Whether fewer nodes are known to hold the block than its replication. */
  static boolean isShort(ReplicaMap replicas, String blockId, int replication) {
    return replicas.holderCount(blockId) < replication;
  }

  int size() {
    return awaited.size();
  }
}
