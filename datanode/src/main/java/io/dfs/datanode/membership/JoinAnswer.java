package io.dfs.datanode.membership;

import io.dfs.common.ids.BlockIds;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Meta's answer to a JOIN: {@code {"heartbeatIntervalMs","heartbeatPort","heartbeatKey","delete"}},
 * checked before the node relies on it.
 *
 * @param heartbeatKey the per-node HMAC key (base64 of 32 bytes on the wire)
 * @param delete replicas no file owns; canonical ids only, anything else is ignored
 */
record JoinAnswer(long heartbeatIntervalMs, int heartbeatPort, byte[] heartbeatKey, List<String> delete) {
  static final long MAX_INTERVAL_MS = 3_600_000;
  static final int MIN_KEY_BYTES = 16;

  /** @throws IllegalArgumentException naming the field that is missing or out of range */
  static JoinAnswer parse(JsonObject json) {
    if (!(json.getValue("heartbeatIntervalMs") instanceof Number interval)
        || interval.longValue() < 1 || interval.longValue() > MAX_INTERVAL_MS) {
      throw new IllegalArgumentException("meta's join answer has no valid 'heartbeatIntervalMs'");
    }
    if (!(json.getValue("heartbeatPort") instanceof Number port) || port.intValue() < 1 || port.intValue() > 65535) {
      throw new IllegalArgumentException("meta's join answer has no valid 'heartbeatPort'");
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(json.getString("heartbeatKey"));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("meta's join answer has no valid base64 'heartbeatKey'");
    }
    if (key.length < MIN_KEY_BYTES) {
      throw new IllegalArgumentException("meta's heartbeat key is only " + key.length + " bytes");
    }
    return new JoinAnswer(interval.longValue(), port.intValue(), key, blockIds(json));
  }

  /** The canonical ids of an answer's {@code delete} list (join or block report answer). */
  static List<String> blockIds(JsonObject answer) {
    List<String> ids = new ArrayList<>();
    if (answer.getValue("delete") instanceof JsonArray arr) {
      for (Object o : arr) {
        if (o instanceof String s && BlockIds.isCanonical(s)) {
          ids.add(s);
        }
      }
    }
    return ids;
  }
}
