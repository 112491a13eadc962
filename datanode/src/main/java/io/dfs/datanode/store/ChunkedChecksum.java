package io.dfs.datanode.store;

import io.dfs.common.wire.Crc32c;
import io.vertx.core.buffer.Buffer;
import java.util.zip.CRC32C;

/**
 * Accumulates the CRC32C of a block and of each 64 KiB chunk as bytes stream in, in pieces of any
 * size. Memory is one int per chunk (160 for a 10 MiB block).
 */
public final class ChunkedChecksum {
  private final long expectedLength;
  private final CRC32C whole = new CRC32C();
  private final CRC32C chunk = new CRC32C();
  private final int[] chunkCrcs;
  private int chunkIndex;
  private int inChunk;
  private long total;

  public ChunkedChecksum(long expectedLength) {
    this.expectedLength = expectedLength;
    this.chunkCrcs = new int[BlockMeta.chunks(expectedLength)];
  }

  /** Adds bytes; fails with IllegalStateException if they would run past the expected length. */
  public void update(Buffer bytes) {
    if (total + bytes.length() > expectedLength) {
      throw new IllegalStateException("more than the expected " + expectedLength + " bytes");
    }
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

  /** Bytes added so far. */
  public long total() {
    return total;
  }

  /** CRC32C of the bytes added so far. */
  public int crc32c() {
    return (int) whole.getValue();
  }

  /** The sidecar of the whole block; call once, after exactly the expected length was added. */
  public BlockMeta finish() {
    if (total != expectedLength) {
      throw new IllegalStateException("got " + total + " of " + expectedLength + " bytes");
    }
    if (inChunk > 0) {
      closeChunk();
    }
    return new BlockMeta(total, crc32c(), chunkCrcs);
  }
}
