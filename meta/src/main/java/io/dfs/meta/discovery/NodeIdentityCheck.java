package io.dfs.meta.discovery;

import io.dfs.common.error.DfsException;

/**
 * A data node speaks for itself only: its service account names the node id it may join and
 * report as, so one node's secret cannot move or empty another node's replicas.
 */
final class NodeIdentityCheck {
  private NodeIdentityCheck() {}

  /** @throws DfsException FORBIDDEN if {@code account} is not the account of node {@code nodeId} */
  static void require(String account, String nodeId) {
    if (!account.equals(nodeId)) {
      throw DfsException.forbidden("service account " + account + " may not speak for node " + nodeId);
    }
  }
}
