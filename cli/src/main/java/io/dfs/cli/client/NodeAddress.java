package io.dfs.cli.client;

import io.vertx.core.json.JsonObject;

/**
 * Where a data node takes block requests: {@code {"node","host","port"}} in meta's answers and in
 * a PUT_BLOCK pipeline.
 */
public record NodeAddress(String node, String host, int port) {
  static NodeAddress fromJson(JsonObject json, String what) {
    long port = JsonFields.number(json, "port", what);
    if (port < 1 || port > 65535) {
      throw JsonFields.invalid(what, "port");
    }
    return new NodeAddress(JsonFields.string(json, "node", what), JsonFields.string(json, "host", what), (int) port);
  }

  public JsonObject toJson() {
    return new JsonObject().put("node", node).put("host", host).put("port", port);
  }

  /** {@code node (host:port)}, for messages. */
  @Override
  public String toString() {
    return node + " (" + host + ":" + port + ")";
  }
}
