package io.dfs.cli.client;

import io.vertx.core.json.JsonArray;
import io.dfs.common.wire.BlockProtocol;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * What a PUT_BLOCK declares before its bytes.
 *
 * @param crc32c the whole block's CRC32C, unsigned; the nodes refuse the block if the bytes differ
 * @param blockToken meta's capability for the block, or null
 * @param pipeline the nodes after the primary, in order; the primary forwards the block down it
 */
public record BlockPut(String blockId, long length, long crc32c, String blockToken, List<NodeAddress> pipeline) {
  /** The PUT_BLOCK header, carrying the caller's token as {@code auth} and the protocol version as {@code v}. */
  JsonObject header(String auth) {
    JsonArray nodes = new JsonArray();
    pipeline.forEach(n -> nodes.add(n.toJson()));
    return new JsonObject()
        .put("v", BlockProtocol.VERSION)
        .put("blockId", blockId)
        .put("length", length)
        .put("crc32c", crc32c)
        .put("auth", auth)
        .put("blockToken", blockToken)
        .put("pipeline", nodes);
  }
}
