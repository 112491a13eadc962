package io.dfs.meta.health;

import io.vertx.core.json.JsonObject;

/**
 * What a data node says about itself when it joins.
 *
 * @param id the node's stable id
 * @param host address of its block protocol server
 * @param port port of its block protocol server
 * @param httpPort port of its health/metrics server (0 if none)
 * @param blockCount replicas in its block report
 */
public record NodeRegistration(
    String id, String host, int port, int httpPort, long capacityBytes, long usedBytes, int blockCount) {

  /** The event-bus form, for asking {@link NodeHealthVerticle} to admit the node. */
  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("host", host).put("port", port).put("httpPort", httpPort)
        .put("capacityBytes", capacityBytes).put("usedBytes", usedBytes).put("blockCount", blockCount);
  }

  public static NodeRegistration fromJson(JsonObject json) {
    return new NodeRegistration(json.getString("id"), json.getString("host"), json.getInteger("port"),
        json.getInteger("httpPort"), json.getLong("capacityBytes"), json.getLong("usedBytes"),
        json.getInteger("blockCount"));
  }
}
