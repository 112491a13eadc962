package io.dfs.cli.output;

import io.dfs.cli.client.ClusterState;
import io.dfs.cli.client.DeletedFile;
import io.dfs.cli.client.FileInfo;
import io.dfs.cli.client.FileSummary;
import io.dfs.cli.client.NodeAddress;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code --json} outputs of the CLI. Their fields are a contract with scripts (DESIGN.md, "Interfaces
 * users touch", and the README's CLI section): exactly the fields each method names, fields marked
 * {@code ?} only where stated, whatever else meta's answers carry.
 */
public final class JsonViews {
  private JsonViews() {}

  /**
   * {@code stat --json}, and {@code put --json} for the file just stored:
   * {@code {"id","name","size","blocks":[{"id","offset","length","crc32c","replicas":[{"node","host","port"}]}]}}.
   */
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
   * "deadSince"?,"deadReason"?}],"underReplicatedBlocks","missingBlocks"}}: DESIGN.md's fields for
   * every node, and for a node meta marked {@code dead} also {@code deadSince} (epoch milliseconds)
   * and {@code deadReason} (text), when and why, as meta reports them; a live node has neither.
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

  /** {@code rm --json}: {@code {"id","name","deleted":true}}. */
  public static JsonObject deleted(DeletedFile file) {
    return new JsonObject().put("id", file.id()).put("name", file.name()).put("deleted", true);
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

  /** {@code get LOCAL --json}: {@code {"id","name","size","path"}}, {@code path} as written, absolute. */
  public static JsonObject downloaded(FileInfo file, Path path) {
    return new JsonObject().put("id", file.id()).put("name", file.name()).put("size", file.size())
        .put("path", path.toAbsolutePath().toString());
  }

  /** {@code login --json}: {@code {"user","expiresAt"}}, {@code expiresAt} in epoch milliseconds. */
  public static JsonObject login(String user, long expiresAt) {
    return new JsonObject().put("user", user).put("expiresAt", expiresAt);
  }
}
