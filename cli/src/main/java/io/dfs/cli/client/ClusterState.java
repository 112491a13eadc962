package io.dfs.cli.client;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Meta's view of the cluster ({@code GET /api/v1/cluster}).
 *
 * @param files committed files, or -1 when meta did not say
 * @param liveNodes nodes in state {@code live}
 */
public record ClusterState(List<NodeState> nodes, long underReplicatedBlocks, long missingBlocks, long files,
    long liveNodes) {

  /**
   * One data node.
   *
   * @param address {@code host:port} of its block protocol
   * @param state {@code live} or {@code dead}
   * @param lastHeartbeatAgeMs milliseconds since its last heartbeat, or -1 when meta did not say
   * @param deadSince when a dead node was evicted (epoch ms), or -1
   * @param deadReason why it was evicted, or null
   */
  public record NodeState(String id, String address, String state, long usedBytes, long capacityBytes,
      long blocks, long lastHeartbeatAgeMs, long deadSince, String deadReason) {}

  private static final String WHAT = "the cluster state";

  public static ClusterState fromJson(JsonObject json) {
    List<NodeState> nodes = JsonFields.list(json, "nodes", WHAT, n -> new NodeState(
        JsonFields.string(n, "id", WHAT),
        JsonFields.string(n, "address", WHAT),
        JsonFields.string(n, "state", WHAT),
        JsonFields.number(n, "usedBytes", WHAT),
        JsonFields.number(n, "capacityBytes", WHAT),
        JsonFields.number(n, "blocks", WHAT),
        JsonFields.optionalNumber(n, "lastHeartbeatAgeMs", -1, WHAT),
        JsonFields.optionalNumber(n, "deadSince", -1, WHAT),
        JsonFields.optionalString(n, "deadReason", WHAT)));
    long live = nodes.stream().filter(n -> "live".equals(n.state())).count();
    return new ClusterState(nodes,
        JsonFields.number(json, "underReplicatedBlocks", WHAT),
        JsonFields.number(json, "missingBlocks", WHAT),
        JsonFields.optionalNumber(json, "files", -1, WHAT),
        JsonFields.optionalNumber(json, "liveNodes", live, WHAT));
  }
}
