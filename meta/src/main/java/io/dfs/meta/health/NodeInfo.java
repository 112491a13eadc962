package io.dfs.meta.health;

import io.dfs.meta.placement.NodeAddress;

/**
 * An immutable picture of one data node.
 *
 * @param lastHeartbeatMs when meta last heard from it (a JOIN counts), on the registry's clock
 */
public record NodeInfo(
    String id,
    String host,
    int port,
    int httpPort,
    long capacityBytes,
    long usedBytes,
    int blockCount,
    NodeState state,
    long lastHeartbeatMs) {

  public boolean live() {
    return state == NodeState.LIVE;
  }

  public NodeAddress address() {
    return new NodeAddress(id, host, port);
  }

  /** Bytes still free as the node last reported them; never negative. */
  public long freeBytes() {
    return Math.max(0, capacityBytes - usedBytes);
  }
}
