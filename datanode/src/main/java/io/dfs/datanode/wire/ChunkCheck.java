package io.dfs.datanode.wire;

import io.dfs.common.wire.FrameCodec;
import io.dfs.datanode.store.BlockFileWriter;
import io.dfs.datanode.store.BlockMeta;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Checks a run of a stored block's chunks against the CRC32Cs recorded when it was written, and
 * gives the CRC32C of each DATA frame that will carry part of a range. The chunks are read into one
 * direct buffer per disk thread, aligned for O_DIRECT. A read may take the frames themselves, built
 * in one heap buffer as the chunks are checked, so that a batch costs one trip to the disk pool and
 * one write to the socket; or, over plain TCP from a file read through the page cache, only their
 * CRC32Cs, and send the bytes from the page cache with {@code sendfile}. Runs on the disk pool.
 */
final class ChunkCheck {
  /** Chunks checked (and then sent) at a time: 1 MiB. */
  static final int BATCH_CHUNKS = 16;
  private static final ThreadLocal<ByteBuffer> SCRATCH = ThreadLocal.withInitial(
      () -> ByteBuffer.allocateDirect(BATCH_CHUNKS * BlockMeta.CHUNK_BYTES + BlockFileWriter.MAX_ALIGNMENT)
          .alignedSlice(BlockFileWriter.MAX_ALIGNMENT));

  /**
   * The CRC32C of the frame of each good chunk from the first one checked, in order, up to the
   * first chunk that failed; {@code failure} says why that one failed, or is null if none did.
   * {@code frames}, when asked for, holds those good chunks' DATA frames, ready to send.
   */
  record Result(int[] frameCrcs, String failure, Buffer frames) {
    boolean clean() {
      return failure == null;
    }
  }

  private ChunkCheck() {}

  /**
   * Checks chunks {@code [first, end)} of the block in {@code file}; each frame covers the part of
   * its chunk inside {@code [from, to)}. With {@code framed}, the result carries the frames too. A
   * file opened with O_DIRECT is read in whole units of {@code alignment} (1 for any other file).
   */
  static Result run(FileChannel file, int alignment, BlockMeta meta, int first, int end, long from, long to,
      boolean framed) throws IOException {
    ByteBuffer buf = SCRATCH.get();
    long start = (long) first * BlockMeta.CHUNK_BYTES;
    int length = (int) (Math.min((long) end * BlockMeta.CHUNK_BYTES, meta.length()) - start);
    // A batch starts on a chunk boundary, so on a unit. A read that stops off a unit has met the
    // end of the file; with O_DIRECT no read may start there, and none is needed.
    buf.clear().limit((length + alignment - 1) / alignment * alignment);
    while (buf.position() < length && buf.position() % alignment == 0) {
      if (file.read(buf, start + buf.position()) < 0) {
        break;
      }
    }
    ByteBuf frames = framed ? Unpooled.buffer(length + (end - first) * FrameCodec.DATA_OVERHEAD) : null;
    int[] crcs = new int[end - first];
    CRC32C crc = new CRC32C();
    for (int c = first; c < end; c++) {
      int offset = (c - first) * BlockMeta.CHUNK_BYTES;
      int chunkLength = meta.chunkLength(c);
      if (offset + chunkLength > buf.position()) {
        return result(crcs, c - first, "chunk " + c + " is cut short", frames);
      }
      crc.reset();
      crc.update(buf.duplicate().limit(offset + chunkLength).position(offset));
      if ((int) crc.getValue() != meta.chunkCrcs()[c]) {
        return result(crcs, c - first, "chunk " + c + " fails its CRC32C", frames);
      }
      long chunkStart = start + offset;
      int sliceFrom = (int) (Math.max(from, chunkStart) - chunkStart);
      int sliceTo = (int) (Math.min(to, chunkStart + chunkLength) - chunkStart);
      ByteBuffer slice = buf.duplicate().limit(offset + sliceTo).position(offset + sliceFrom);
      if (sliceFrom == 0 && sliceTo == chunkLength) {
        crcs[c - first] = meta.chunkCrcs()[c];
      } else {
        crc.reset();
        crc.update(slice.duplicate());
        crcs[c - first] = (int) crc.getValue();
      }
      if (frames != null && sliceTo > sliceFrom) {
        FrameCodec.appendData(frames, slice, crcs[c - first]);
      }
    }
    return result(crcs, end - first, null, frames);
  }

  private static Result result(int[] crcs, int good, String failure, ByteBuf frames) {
    return new Result(good == crcs.length ? crcs : Arrays.copyOf(crcs, good), failure,
        frames == null ? null : BufferInternal.buffer(frames));
  }
}
