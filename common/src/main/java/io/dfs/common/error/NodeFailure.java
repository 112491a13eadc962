package io.dfs.common.error;

import io.vertx.core.json.JsonObject;

/**
 * A failure that one named data node caused: it could not be reached, dropped the connection, timed
 * out, or refused. Callers that can route around a node (a client retrying a block write on the
 * rest of its pipeline) use {@link #node()} to know which one to leave out; an ERROR frame or HTTP
 * error carries it as {@code "node"}.
 */
public final class NodeFailure extends DfsException {
  private final String node;

  public NodeFailure(ErrorCode code, String node, String message) {
    super(code, message);
    this.node = node;
  }

  /** The id of the node that failed. */
  public String node() {
    return node;
  }

  @Override
  public JsonObject toJson() {
    return super.toJson().put("node", node);
  }
}
