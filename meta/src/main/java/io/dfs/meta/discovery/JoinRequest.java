package io.dfs.meta.discovery;

import io.dfs.common.error.DfsException;
import io.dfs.common.heartbeat.HeartbeatCodec;
import io.dfs.meta.health.NodeRegistration;
import io.dfs.meta.http.JsonFields;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code POST /v1/nodes/join}: {@code {"nodeId","host","port","httpPort","capacityBytes","usedBytes",
 * "blocks":[{"blockId","length","crc32c"}]}}, validated field by field.
 */
record JoinRequest(NodeRegistration registration, List<ReportedBlock> blocks) {
  /** Node ids travel in heartbeats (at most 64 bytes) and in logs: keep them plain. */
  private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]*");
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._:\\[\\]-]{1,253}");

  static JoinRequest parse(JsonObject body) {
    String nodeId = nodeId(body.getValue("nodeId"));
    String host = JsonFields.requiredString(body, "host");
    if (!HOST.matcher(host).matches()) {
      throw DfsException.badRequest("'host' must be a host name or IP address");
    }
    int port = JsonFields.requiredInt(body, "port", 1, 65535);
    int httpPort = JsonFields.optionalInt(body, "httpPort", 0, 65535, 0);
    long capacity = JsonFields.requiredLong(body, "capacityBytes", 0, Long.MAX_VALUE);
    long used = JsonFields.optionalLong(body, "usedBytes", 0, Long.MAX_VALUE, 0);
    List<ReportedBlock> blocks = ReportedBlock.listOf(body, "blocks");
    return new JoinRequest(new NodeRegistration(nodeId, host, port, httpPort, capacity, used, blocks.size()), blocks);
  }

  /** A node id from a JSON value or a path segment; BAD_REQUEST unless it is a plain short id. */
  static String nodeId(Object value) {
    if (!(value instanceof String id) || !NODE_ID.matcher(id).matches()
        || id.getBytes(StandardCharsets.UTF_8).length > HeartbeatCodec.MAX_NODE_ID_BYTES) {
      throw DfsException.badRequest("'nodeId' must be 1.." + HeartbeatCodec.MAX_NODE_ID_BYTES
          + " letters, digits, '.', '_', ':' or '-'");
    }
    return id;
  }
}
