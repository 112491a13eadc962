package io.dfs.datanode.wire;

import io.dfs.datanode.store.BlockMeta;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Checks a run of a stored block's chunks against the CRC32Cs recorded when it was written, and
 * gives the CRC32C of each DATA frame that will carry part of a range, for a read that sends the
 * bytes themselves straight from the page cache to the socket. Runs on the disk pool: the bytes
 * pass through one direct buffer per thread, never the heap.
 */
final class ChunkCheck {
  /** Chunks checked (and then sent) at a time: 1 MiB. */
  static final int BATCH_CHUNKS = 16;
  private static final ThreadLocal<ByteBuffer> SCRATCH =
      ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(BATCH_CHUNKS * BlockMeta.CHUNK_BYTES));

  /**
   * The CRC32C of the frame of each good chunk from the first one checked, in order, up to the
   * first chunk that failed; {@code failure} says why that one failed, or is null if none did.
   */
  record Result(int[] frameCrcs, String failure) {
    boolean clean() {
      return failure == null;
    }
  }

  private ChunkCheck() {}

  /**
   * Checks chunks {@code [first, end)} of the block in {@code file}; each frame covers the part of
   * its chunk inside {@code [from, to)}.
   */
  static Result run(FileChannel file, BlockMeta meta, int first, int end, long from, long to) throws IOException {
    ByteBuffer buf = SCRATCH.get();
    long start = (long) first * BlockMeta.CHUNK_BYTES;
    int length = (int) (Math.min((long) end * BlockMeta.CHUNK_BYTES, meta.length()) - start);
    buf.clear().limit(length);
    while (buf.hasRemaining()) {
      if (file.read(buf, start + buf.position()) < 0) {
        break;
      }
    }
    int[] crcs = new int[end - first];
    CRC32C crc = new CRC32C();
    for (int c = first; c < end; c++) {
      int offset = (c - first) * BlockMeta.CHUNK_BYTES;
      int chunkLength = meta.chunkLength(c);
      if (offset + chunkLength > buf.position()) {
        return new Result(Arrays.copyOf(crcs, c - first), "chunk " + c + " is cut short");
      }
      crc.reset();
      crc.update(buf.duplicate().limit(offset + chunkLength).position(offset));
      if ((int) crc.getValue() != meta.chunkCrcs()[c]) {
        return new Result(Arrays.copyOf(crcs, c - first), "chunk " + c + " fails its CRC32C");
      }
      long chunkStart = start + offset;
      int sliceFrom = (int) (Math.max(from, chunkStart) - chunkStart);
      int sliceTo = (int) (Math.min(to, chunkStart + chunkLength) - chunkStart);
      if (sliceFrom == 0 && sliceTo == chunkLength) {
        crcs[c - first] = meta.chunkCrcs()[c];
      } else {
        crc.reset();
        crc.update(buf.duplicate().limit(offset + sliceTo).position(offset + sliceFrom));
        crcs[c - first] = (int) crc.getValue();
      }
    }
    return new Result(crcs, null);
  }
}
