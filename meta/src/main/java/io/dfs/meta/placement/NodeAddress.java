package io.dfs.meta.placement;

import io.vertx.core.json.JsonObject;

/** Where a data node serves the block protocol; on the wire {@code {"node","host","port"}}. */
public record NodeAddress(String node, String host, int port) {
  public JsonObject toJson() {
    return new JsonObject().put("node", node).put("host", host).put("port", port);
  }
}
