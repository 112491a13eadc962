package io.dfs.meta.namespace;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Where replicas are, as data nodes report them: block id → node id → (length, CRC32C). Kept in
 * memory only and rebuilt from JOIN block reports after meta restarts. A JOIN replaces everything
 * known about that node; block reports add and remove single replicas; acknowledged deletes
 * remove them. Thread-safe; every read returns a copy.
 */
public final class ReplicaMap {
  /** One stored copy of a block as its node reported it. */
  public record Replica(long length, long crc32c) {}

  private final Map<String, Map<String, Replica>> byBlock = new HashMap<>();
  /** Bumped by every change, so a reader can tell cheaply whether anything moved since it last looked. */
  private long version;
  /** Bumped only by changes that can leave a block short of replicas: removals and JOINs. */
  private long lossVersion;
  private final Map<String, Set<String>> byNode = new HashMap<>();

  /** Replaces all that is known about {@code nodeId}'s replicas with {@code replicas} (block id → replica). */
  public synchronized void replaceNode(String nodeId, Map<String, Replica> replicas) {
    version++;
    lossVersion++;
    Set<String> old = byNode.remove(nodeId);
    if (old != null) {
      for (String blockId : old) {
        removeFromBlock(blockId, nodeId);
      }
    }
    for (Map.Entry<String, Replica> e : replicas.entrySet()) {
      add(nodeId, e.getKey(), e.getValue());
    }
  }

  public synchronized void add(String nodeId, String blockId, Replica replica) {
    version++;
    byBlock.computeIfAbsent(blockId, k -> new HashMap<>(4)).put(nodeId, replica);
    byNode.computeIfAbsent(nodeId, k -> new HashSet<>()).add(blockId);
  }

  public synchronized void remove(String nodeId, String blockId) {
    version++;
    lossVersion++;
    removeFromBlock(blockId, nodeId);
    Set<String> blocks = byNode.get(nodeId);
    if (blocks != null) {
      blocks.remove(blockId);
      if (blocks.isEmpty()) {
        byNode.remove(nodeId);
      }
    }
  }

  /** The nodes known to hold a block, with what each reported; empty if none. */
  public synchronized Map<String, Replica> holders(String blockId) {
    Map<String, Replica> h = byBlock.get(blockId);
    return h == null ? Map.of() : Map.copyOf(h);
  }

  /** A number that changes whenever the map does. */
  public synchronized long version() {
    return version;
  }

  /**
   * A number that changes whenever a replica may have been lost (a removal, a JOIN replacing a
   * node's list), but not when one is added: an added replica never leaves a block short.
   */
  public synchronized long lossVersion() {
    return lossVersion;
  }

  /** How many replicas {@code nodeId} is known to hold. */
  public synchronized int countOn(String nodeId) {
    Set<String> blocks = byNode.get(nodeId);
    return blocks == null ? 0 : blocks.size();
  }

  private void removeFromBlock(String blockId, String nodeId) {
    Map<String, Replica> h = byBlock.get(blockId);
    if (h != null) {
      h.remove(nodeId);
      if (h.isEmpty()) {
        byBlock.remove(blockId);
      }
    }
  }
}
