package io.dfs.cli.client;

import io.dfs.common.error.DfsException;
import io.dfs.common.error.ErrorCode;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A committed file as meta describes it ({@code GET /v1/files/{ref}}).
 *
 * @param createdAt epoch milliseconds
 * @param blocks in file order
 */
public record FileInfo(String id, String name, long size, long blockSize, int replication, long createdAt,
    List<FileBlock> blocks) {

  /**
   * One block of a file.
   *
   * @param crc32c the whole block's CRC32C, unsigned
   * @param replicas live replicas in meta's preferred order; may be empty when every holder is down
   * @param blockToken meta's read capability for the block, or null
   */
  public record FileBlock(String id, long offset, long length, long crc32c, List<NodeAddress> replicas,
      String blockToken) {}

  private static final String WHAT = "a file";

  /** Parses meta's answer and checks that the blocks are contiguous and cover the file. */
  public static FileInfo fromJson(JsonObject json) {
    FileInfo file = new FileInfo(
        JsonFields.string(json, "id", WHAT),
        JsonFields.string(json, "name", WHAT),
        JsonFields.number(json, "size", WHAT),
        JsonFields.optionalNumber(json, "blockSize", 0, WHAT),
        (int) JsonFields.optionalNumber(json, "replication", 0, WHAT),
        JsonFields.optionalNumber(json, "createdAt", 0, WHAT),
        JsonFields.list(json, "blocks", WHAT, b -> new FileBlock(
            JsonFields.string(b, "id", WHAT),
            JsonFields.number(b, "offset", WHAT),
            JsonFields.number(b, "length", WHAT),
            JsonFields.number(b, "crc32c", WHAT),
            JsonFields.list(b, "replicas", WHAT, n -> NodeAddress.fromJson(n, WHAT)),
            JsonFields.optionalString(b, "blockToken", WHAT))));
    long covered = 0;
    for (FileBlock b : file.blocks) {
      if (b.offset() != covered || b.length() < 0) {
        throw new DfsException(ErrorCode.INTERNAL, "meta answered file " + file.id + " with block " + b.id()
            + " out of place");
      }
      covered += b.length();
    }
    if (covered != file.size) {
      throw new DfsException(ErrorCode.INTERNAL, "meta answered file " + file.id + " with blocks covering "
          + covered + " of its " + file.size + " bytes");
    }
    return file;
  }
}
