package io.dfs.meta.health;

import io.dfs.meta.placement.NodeAddress;

/**
 * An immutable picture of one data node.
 *
 * @param lastHeartbeatMs when meta last heard from it (a JOIN counts), on the registry's clock
 * @param joinedAtMs when it last joined, on the registry's clock: its replicas count for a commit
 *     only if it has been live since before the file was planned
 * @param deadSinceMs when it was evicted, on the registry's clock; 0 while live
 * @param deadReason why it was evicted; null while live
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
    long lastHeartbeatMs,
    long joinedAtMs,
    long deadSinceMs,
    String deadReason) {

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
