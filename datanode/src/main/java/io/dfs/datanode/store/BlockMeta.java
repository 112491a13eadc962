package io.dfs.datanode.store;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The sidecar of a stored block ({@code <uuid>.meta}): its length, the CRC32C of the whole block,
 * and the CRC32C of each {@link #CHUNK_BYTES} chunk, so a read can check exactly the bytes it
 * serves. On disk: {@code {"length","crc32c","chunkSize":65536,"chunkCrcs":[...]}}, CRCs as
 * unsigned 32-bit numbers.
 */
public record BlockMeta(long length, int crc32c, int[] chunkCrcs) {
  public static final int CHUNK_BYTES = 64 * 1024;
  private static final long MAX_CRC = 0xFFFFFFFFL;

  /** How many chunks a block of {@code length} bytes has (the last one may be short). */
  public static int chunks(long length) {
    return (int) ((length + CHUNK_BYTES - 1) / CHUNK_BYTES);
  }

  /** The stored length of chunk {@code index}. */
  public int chunkLength(int index) {
    return (int) Math.min(CHUNK_BYTES, length - (long) index * CHUNK_BYTES);
  }

  public JsonObject toJson() {
    JsonArray chunks = new JsonArray();
    for (int c : chunkCrcs) {
      chunks.add(Integer.toUnsignedLong(c));
    }
    return new JsonObject().put("length", length).put("crc32c", Integer.toUnsignedLong(crc32c))
        .put("chunkSize", CHUNK_BYTES).put("chunkCrcs", chunks);
  }

  /** Parses a sidecar; fails with IllegalArgumentException unless it is a consistent one. */
  public static BlockMeta fromJson(JsonObject json) {
    try {
      long length = json.getLong("length");
      if (json.getInteger("chunkSize") != CHUNK_BYTES || length < 0) {
        throw new IllegalArgumentException("unexpected chunk size or length");
      }
      JsonArray arr = json.getJsonArray("chunkCrcs");
      if (arr.size() != chunks(length)) {
        throw new IllegalArgumentException("chunk count does not match the length");
      }
      int[] crcs = new int[arr.size()];
      for (int i = 0; i < crcs.length; i++) {
        crcs[i] = crc(arr.getLong(i));
      }
      return new BlockMeta(length, crc(json.getLong("crc32c")), crcs);
    } catch (NullPointerException | ClassCastException e) {
      throw new IllegalArgumentException("a field is missing or of the wrong type");
    }
  }

  private static int crc(Long value) {
    if (value < 0 || value > MAX_CRC) {
      throw new IllegalArgumentException("CRC32C out of range: " + value);
    }
    return (int) (long) value;
  }
}
