package io.dfs.meta.namespace;

import io.vertx.core.json.JsonObject;

/**
 * One block of a file.
 *
 * @param crc32c the unsigned CRC32C of the block's bytes; null until the file is committed
 */
public record BlockRecord(String id, long offset, long length, Long crc32c) {
  JsonObject toJson() {
    JsonObject json = new JsonObject().put("id", id).put("offset", offset).put("length", length);
    if (crc32c != null) {
      json.put("crc32c", crc32c);
    }
    return json;
  }

  static BlockRecord fromJson(JsonObject json) {
    return new BlockRecord(json.getString("id"), json.getLong("offset"), json.getLong("length"), json.getLong("crc32c"));
  }
}
