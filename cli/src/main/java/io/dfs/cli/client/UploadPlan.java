package io.dfs.cli.client;

import io.dfs.common.error.DfsException;
import io.dfs.common.error.ErrorCode;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Meta's answer to {@code POST /v1/files}: a pending file and, per block, where to send it.
 *
 * @param minReplicas the replicas each block needs for the commit to succeed (1 if meta does not say)
 * @param blocks in file order; each block's {@code nodes} list the primary first
 */
public record UploadPlan(String fileId, String name, long size, long blockSize, int replication,
    int minReplicas, List<PlannedBlock> blocks) {

  /** One block of the plan; {@code blockToken} is meta's capability for it, or null. */
  public record PlannedBlock(String blockId, int index, long offset, long length, List<NodeAddress> nodes,
      String blockToken) {

    public NodeAddress primary() {
      return nodes.get(0);
    }

    /** The nodes after the primary, in order: the replication pipeline of a PUT_BLOCK. */
    public List<NodeAddress> pipeline() {
      return nodes.subList(1, nodes.size());
    }
  }

  private static final String WHAT = "a file plan";

  /** Parses meta's plan and checks that its blocks are contiguous, cover the file and name nodes. */
  public static UploadPlan fromJson(JsonObject json) {
    List<PlannedBlock> blocks = JsonFields.list(json, "blocks", WHAT, b -> new PlannedBlock(
        JsonFields.string(b, "blockId", WHAT),
        (int) JsonFields.optionalNumber(b, "index", -1, WHAT),
        JsonFields.number(b, "offset", WHAT),
        JsonFields.number(b, "length", WHAT),
        JsonFields.list(b, "nodes", WHAT, n -> NodeAddress.fromJson(n, WHAT)),
        JsonFields.optionalString(b, "blockToken", WHAT)));
    UploadPlan plan = new UploadPlan(
        JsonFields.string(json, "fileId", WHAT),
        JsonFields.string(json, "name", WHAT),
        JsonFields.number(json, "size", WHAT),
        JsonFields.optionalNumber(json, "blockSize", 0, WHAT),
        (int) JsonFields.optionalNumber(json, "replication", 0, WHAT),
        (int) Math.max(1, JsonFields.optionalNumber(json, "minReplicas", 1, WHAT)),
        blocks);
    plan.check();
    return plan;
  }

  private void check() {
    long covered = 0;
    for (PlannedBlock b : blocks) {
      if (b.offset() != covered || b.length() < 0 || b.nodes().isEmpty()) {
        throw new DfsException(ErrorCode.INTERNAL,
            "meta answered a plan whose block " + b.blockId() + " is out of place or has no nodes");
      }
      covered += b.length();
    }
    if (covered != size) {
      throw new DfsException(ErrorCode.INTERNAL,
          "meta answered a plan covering " + covered + " bytes of a " + size + "-byte file");
    }
  }
}
