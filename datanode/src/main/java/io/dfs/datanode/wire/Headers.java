package io.dfs.datanode.wire;

import io.dfs.common.error.DfsException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** Typed, bounded reads of request header fields; anything else is BAD_REQUEST. */
final class Headers {
  static final int MAX_PIPELINE = 8;
  static final long MAX_CRC = 0xFFFFFFFFL;

  private Headers() {}

  static long number(JsonObject h, String key, long min, long max, Long fallback) {
    Object v = h.getValue(key);
    if (v == null && fallback != null) {
      return fallback;
    }
    if (!(v instanceof Number n) || v instanceof Double || v instanceof Float) {
      throw DfsException.badRequest("'" + key + "' must be a whole number");
    }
    long value = n.longValue();
    if (value < min || value > max) {
      throw DfsException.badRequest("'" + key + "' must be within " + min + ".." + max);
    }
    return value;
  }

  /** The downstream nodes of a replication pipe, in order. */
  static List<PeerAddress> pipeline(JsonObject h) {
    Object v = h.getValue("pipeline");
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof JsonArray arr) || arr.size() > MAX_PIPELINE) {
      throw DfsException.badRequest("'pipeline' must be a list of at most " + MAX_PIPELINE + " nodes");
    }
    List<PeerAddress> out = new ArrayList<>();
    for (Object o : arr) {
      if (!(o instanceof JsonObject n) || !(n.getValue("host") instanceof String host) || host.isEmpty()
          || host.length() > 255 || !(n.getValue("node") instanceof String node)) {
        throw DfsException.badRequest("each pipeline entry needs 'node', 'host' and 'port'");
      }
      out.add(new PeerAddress(node, host, (int) number(n, "port", 1, 65535, null)));
    }
    return out;
  }

  record PeerAddress(String node, String host, int port) {
    JsonObject toJson() {
      return new JsonObject().put("node", node).put("host", host).put("port", port);
    }
  }
}
