package io.dfs.datanode.wire;

import io.dfs.common.error.DfsException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Typed, bounded reads of request header fields; anything else is BAD_REQUEST naming the field. */
final class Headers {
  /** Longest replication pipeline a PUT_BLOCK may name. */
  static final int MAX_PIPELINE = 8;
  static final long MAX_CRC = 0xFFFFFFFFL;
  private static final int MAX_HOST_CHARS = 253;
  private static final int MAX_NODE_CHARS = 64;
  private static final int MAX_TOKEN_CHARS = 8192;

  private Headers() {}

  /**
   * A whole number within {@code [min, max]}; {@code fallback} when the field is absent or null
   * (if {@code fallback} is null the field is required).
   */
  static long number(JsonObject h, String key, long min, long max, Long fallback) {
    Object v = h.getValue(key);
    if (v == null && fallback != null) {
      return fallback;
    }
    if (!(v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte)) {
      throw DfsException.badRequest("'" + key + "' must be a whole number within " + min + ".." + max);
    }
    long value = ((Number) v).longValue();
    if (value < min || value > max) {
      throw DfsException.badRequest("'" + key + "' must be within " + min + ".." + max + ", not " + value);
    }
    return value;
  }

  /** An optional string of bounded length; null when absent. */
  static String optionalString(JsonObject h, String key) {
    Object v = h.getValue(key);
    if (v == null) {
      return null;
    }
    if (!(v instanceof String s) || s.length() > MAX_TOKEN_CHARS) {
      throw DfsException.badRequest("'" + key + "' must be a string of at most " + MAX_TOKEN_CHARS + " characters");
    }
    return s;
  }

  /**
   * The downstream nodes of a replication pipe, in order: the nodes after the receiver, which
   * forwards to the first and hands it the rest. Absent means none. A pipeline that names the
   * receiver itself, or a node twice, would loop and is refused.
   */
  static List<PeerAddress> pipeline(JsonObject h, String selfNodeId) {
    Object v = h.getValue("pipeline");
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof JsonArray arr) || arr.size() > MAX_PIPELINE) {
      throw DfsException.badRequest("'pipeline' must be a list of at most " + MAX_PIPELINE + " nodes");
    }
    List<PeerAddress> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Object o : arr) {
      if (!(o instanceof JsonObject n)
          || !(n.getValue("node") instanceof String node) || node.isEmpty() || node.length() > MAX_NODE_CHARS
          || !(n.getValue("host") instanceof String host) || host.isEmpty() || host.length() > MAX_HOST_CHARS) {
        throw DfsException.badRequest("each pipeline entry needs 'node', 'host' and 'port'");
      }
      if (node.equals(selfNodeId)) {
        throw DfsException.badRequest("'pipeline' lists the nodes after the receiver; it must not name "
            + selfNodeId + " itself");
      }
      if (!seen.add(node)) {
        throw DfsException.badRequest("'pipeline' names node " + node + " twice");
      }
      out.add(new PeerAddress(node, host, (int) number(n, "port", 1, 65535, null)));
    }
    return out;
  }

  /** A node of a pipeline: its id and where it takes block requests. */
  record PeerAddress(String node, String host, int port) {
    JsonObject toJson() {
      return new JsonObject().put("node", node).put("host", host).put("port", port);
    }

    static JsonArray toJson(List<PeerAddress> peers) {
      JsonArray out = new JsonArray();
      peers.forEach(p -> out.add(p.toJson()));
      return out;
    }
  }
}
