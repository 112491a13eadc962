package io.dfs.cli.output;

import io.dfs.cli.client.ClusterState;
import io.dfs.cli.client.FileInfo;
import io.dfs.cli.client.FileSummary;
import io.dfs.cli.client.NodeAddress;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The {@code --json} outputs of the CLI. Their fields are a contract with scripts (DESIGN.md, "Interfaces
 * users touch"): exactly these, whatever else meta's answers carry.
 */
public final class JsonViews {
  private JsonViews() {}

  /** {@code stat --json}: {@code {"id","name","size","blocks":[{"id","offset","length","crc32c","replicas":[{"node","host","port"}]}]}}. */
  public static JsonObject stat(FileInfo file) {
    JsonArray blocks = new JsonArray();
    for (FileInfo.FileBlock b : file.blocks()) {
      JsonArray replicas = new JsonArray();
      for (NodeAddress n : b.replicas()) {
        replicas.add(new JsonObject().put("node", n.node()).put("host", n.host()).put("port", n.port()));
      }
      blocks.add(new JsonObject()
          .put("id", b.id())
          .put("offset", b.offset())
          .put("length", b.length())
          .put("crc32c", b.crc32c())
          .put("replicas", replicas));
    }
    return new JsonObject().put("id", file.id()).put("name", file.name()).put("size", file.size()).put("blocks", blocks);
  }

  /**
   * {@code cluster --json}: {@code {"nodes":[{"id","address","state","usedBytes","capacityBytes","blocks",
   * "deadSince"?,"deadReason"?}],
   * "underReplicatedBlocks","missingBlocks"}}.
   */
  public static JsonObject cluster(ClusterState cluster) {
    JsonArray nodes = new JsonArray();
    for (ClusterState.NodeState n : cluster.nodes()) {
      JsonObject node = new JsonObject()
          .put("id", n.id())
          .put("address", n.address())
          .put("state", n.state())
          .put("usedBytes", n.usedBytes())
          .put("capacityBytes", n.capacityBytes())
          .put("blocks", n.blocks());
      if (n.deadSince() > 0) {
        node.put("deadSince", n.deadSince()).put("deadReason", n.deadReason());
      }
      nodes.add(node);
    }
    return new JsonObject()
        .put("nodes", nodes)
        .put("underReplicatedBlocks", cluster.underReplicatedBlocks())
        .put("missingBlocks", cluster.missingBlocks());
  }

  /** {@code ls --json}: {@code {"files":[{"id","name","size","createdAt"}]}}. */
  public static JsonObject files(List<FileSummary> files) {
    JsonArray list = new JsonArray();
    for (FileSummary f : files) {
      list.add(new JsonObject().put("id", f.id()).put("name", f.name()).put("size", f.size())
          .put("createdAt", f.createdAt()));
    }
    return new JsonObject().put("files", list);
  }
}
