package io.dfs.datanode.store;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The sidecar of a stored block: its length, the CRC32C of the whole block and of each
 * {@link #CHUNK_BYTES} chunk, so a read can check exactly the bytes it serves.
 */
public record BlockMeta(long length, int crc32c, int[] chunkCrcs) {
  public static final int CHUNK_BYTES = 64 * 1024;

  public static int chunks(long length) {
    return (int) ((length + CHUNK_BYTES - 1) / CHUNK_BYTES);
  }

  public JsonObject toJson() {
    JsonArray chunks = new JsonArray();
    for (int c : chunkCrcs) {
      chunks.add(Integer.toUnsignedLong(c));
    }
    return new JsonObject().put("length", length).put("crc32c", Integer.toUnsignedLong(crc32c))
        .put("chunkSize", CHUNK_BYTES).put("chunkCrcs", chunks);
  }

  /** Parses a sidecar; fails with IllegalArgumentException if it is not a consistent one. */
  public static BlockMeta fromJson(JsonObject json) {
    long length = json.getLong("length");
    if (json.getInteger("chunkSize") != CHUNK_BYTES || length < 0) {
      throw new IllegalArgumentException("unexpected chunk size or length");
    }
    JsonArray arr = json.getJsonArray("chunkCrcs");
    if (arr.size() != chunks(length)) {
      throw new IllegalArgumentException("chunk count does not match length");
    }
    int[] crcs = new int[arr.size()];
    for (int i = 0; i < crcs.length; i++) {
      crcs[i] = (int) (long) arr.getLong(i);
    }
    return new BlockMeta(length, (int) (long) json.getLong("crc32c"), crcs);
  }
}
