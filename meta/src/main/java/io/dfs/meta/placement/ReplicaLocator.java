package io.dfs.meta.placement;

import io.dfs.meta.health.ClusterView;
import io.dfs.meta.health.NodeInfo;
import io.dfs.meta.namespace.ReplicaMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Predicate;

/**
 * Finds the usable replicas of a block: those on live nodes whose reported length and CRC32C
 * match the block's, in the block's KeyRing order (so readers try the primary first).
 */
public final class ReplicaLocator {
  private final ReplicaMap replicas;

  public ReplicaLocator(ReplicaMap replicas) {
    this.replicas = replicas;
  }

  /** Live nodes holding a matching replica, in ring order for this block. */
  public List<NodeAddress> locate(ClusterView view, String blockId, long length, long crc32c) {
    Set<String> usable = usableHolders(view, blockId, length, crc32c);
    if (usable.isEmpty()) {
      return List.of();
    }
    List<String> ordered = view.ring().replicas(blockId, usable.size(), id -> !usable.contains(id));
    return view.liveAddresses(ordered);
  }

  /** How many live nodes hold a matching replica. */
  public int countUsable(ClusterView view, String blockId, long length, long crc32c) {
    return replicas.count(blockId, usable(view, length, crc32c));
  }

  /** How many live nodes that {@code eligible} accepts hold a matching replica. */
  public int countUsable(ClusterView view, String blockId, long length, long crc32c, Predicate<NodeInfo> eligible) {
    int n = 0;
    for (String id : usableHolders(view, blockId, length, crc32c)) {
      if (eligible.test(view.node(id))) {
        n++;
      }
    }
    return n;
  }

  /** Live nodes holding a replica whose length and CRC32C match the block's. */
  public Set<String> usableHolders(ClusterView view, String blockId, long length, long crc32c) {
    BiPredicate<String, ReplicaMap.Replica> usable = usable(view, length, crc32c);
    Set<String> out = new HashSet<>();
    for (Map.Entry<String, ReplicaMap.Replica> e : replicas.holders(blockId).entrySet()) {
      if (usable.test(e.getKey(), e.getValue())) {
        out.add(e.getKey());
      }
    }
    return out;
  }

  private static BiPredicate<String, ReplicaMap.Replica> usable(ClusterView view, long length, long crc32c) {
    return (node, r) -> r.length() == length && r.crc32c() == crc32c && view.isLive(node);
  }
}
