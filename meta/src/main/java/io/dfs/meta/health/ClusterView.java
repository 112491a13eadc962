package io.dfs.meta.health;

import io.dfs.meta.placement.NodeAddress;
import io.dfs.meta.ring.KeyRing;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An immutable snapshot of cluster membership: the KeyRing of live nodes and every known node
 * (live or dead), taken by the single owner of both ({@link NodeHealthVerticle}) after each change.
 * Any thread may read it; nothing in it ever changes.
 */
public final class ClusterView {
  private final KeyRing ring;
  private final Map<String, NodeInfo> nodes;

  public ClusterView(KeyRing ring, Map<String, NodeInfo> nodes) {
    this.ring = ring.snapshot();
    this.nodes = Collections.unmodifiableMap(new TreeMap<>(nodes));
  }

  public static ClusterView empty(int virtualNodes) {
    return new ClusterView(new KeyRing(virtualNodes), Map.of());
  }

  /** The ring of live nodes (immutable). */
  public KeyRing ring() {
    return ring;
  }

  /** Every known node by id, sorted by id. */
  public Map<String, NodeInfo> nodes() {
    return nodes;
  }

  public NodeInfo node(String id) {
    return nodes.get(id);
  }

  public boolean isLive(String id) {
    NodeInfo n = nodes.get(id);
    return n != null && n.live();
  }

  public int liveCount() {
    int n = 0;
    for (NodeInfo info : nodes.values()) {
      if (info.live()) {
        n++;
      }
    }
    return n;
  }

  /** A number that changes when a node joins, leaves or re-joins; cheap enough to compare per tick. */
  public long liveSignature() {
    long h = 0;
    for (NodeInfo n : nodes.values()) {
      if (n.live()) {
        h = h * 31 + n.id().hashCode() + n.joinedAtMs();
      }
    }
    return h;
  }

  /** The addresses of these nodes, in the given order, skipping any that is not live. */
  public List<NodeAddress> liveAddresses(List<String> ids) {
    List<NodeAddress> out = new ArrayList<>(ids.size());
    for (String id : ids) {
      NodeInfo n = nodes.get(id);
      if (n != null && n.live()) {
        out.add(n.address());
      }
    }
    return out;
  }
}
