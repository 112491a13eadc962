package io.dfs.datanode.store;

import io.dfs.common.wire.Crc32c;
import io.vertx.core.buffer.Buffer;
import java.util.zip.CRC32C;

/**
 * Accumulates the CRC32C of a block and of each 64 KiB chunk as bytes stream in, in pieces of any
 * size. Memory is one int per chunk (at most 160 for a 10 MiB block).
 */
public final class ChunkedChecksum {
  private final CRC32C whole = new CRC32C();
  private final CRC32C chunk = new CRC32C();
  private final int[] chunkCrcs;
  private int chunkIndex;
  private int inChunk;
  private long total;

  public ChunkedChecksum(long expectedLength) {
    this.chunkCrcs = new int[BlockMeta.chunks(expectedLength)];
  }

  /** Adds bytes; the caller has already checked they do not run past the expected length. */
  public void update(Buffer bytes) {
    Crc32c.update(whole, bytes);
    int at = 0;
    while (at < bytes.length()) {
      int n = Math.min(bytes.length() - at, BlockMeta.CHUNK_BYTES - inChunk);
      Crc32c.update(chunk, bytes, at, at + n);
      at += n;
      inChunk += n;
      if (inChunk == BlockMeta.CHUNK_BYTES) {
        closeChunk();
      }
    }
    total += bytes.length();
  }

  private void closeChunk() {
    chunkCrcs[chunkIndex++] = (int) chunk.getValue();
    chunk.reset();
    inChunk = 0;
  }

  public long total() {
    return total;
  }

  public int crc32c() {
    return (int) whole.getValue();
  }

  /** The sidecar for everything added so far; call once, after the last byte. */
  public BlockMeta finish() {
    if (inChunk > 0) {
      closeChunk();
    }
    return new BlockMeta(total, crc32c(), chunkCrcs);
  }
}
