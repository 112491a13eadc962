package io.dfs.cli.client;

import io.vertx.core.json.JsonObject;

/** A block the data nodes acknowledged, as listed in a commit; {@code crc32c} unsigned. */
public record StoredBlock(String blockId, long length, long crc32c) {
  public JsonObject toJson() {
    return new JsonObject().put("blockId", blockId).put("length", length).put("crc32c", crc32c);
  }
}
