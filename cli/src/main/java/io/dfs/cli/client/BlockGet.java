package io.dfs.cli.client;

import io.dfs.common.wire.BlockProtocol;
import io.vertx.core.json.JsonObject;

/**
 * What a GET_BLOCK asks for, and what the answer must match.
 *
 * @param offset first byte of the range, within the block
 * @param length bytes of the range
 * @param blockLength bytes of the whole block; when the range is the whole block, the received bytes
 *     are checked against {@code blockCrc32c}
 * @param blockCrc32c the whole block's CRC32C as meta recorded it, unsigned; the node's answer must
 *     name the same value
 * @param blockToken meta's capability for the block, or null
 */
public record BlockGet(String blockId, long offset, long length, long blockLength, long blockCrc32c,
    String blockToken) {

  /** The whole of a file's block. */
  public static BlockGet whole(FileInfo.FileBlock block) {
    return new BlockGet(block.id(), 0, block.length(), block.length(), block.crc32c(), block.blockToken());
  }

  boolean wholeBlock() {
    return offset == 0 && length == blockLength;
  }

  JsonObject header(String auth) {
    return new JsonObject()
        .put("v", BlockProtocol.VERSION)
        .put("blockId", blockId)
        .put("offset", offset)
        .put("length", length)
        .put("auth", auth)
        .put("blockToken", blockToken);
  }
}
