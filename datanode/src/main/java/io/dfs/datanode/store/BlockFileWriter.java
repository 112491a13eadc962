package io.dfs.datanode.store;

import com.sun.nio.file.ExtendedOpenOption;
import io.dfs.common.file.QueuedFileWrites;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * A new block file, written once from its first byte to its last, then completed (synced) and
 * closed. Used on the disk pool only, by one thread at a time.
 *
 * <p>Where the data directory allows it (an alignment above 0, see {@link #directAlignment}), the
 * bytes go to the disk with O_DIRECT, as MinIO writes objects: on large writes, copying every block
 * into the page cache took more of a data node's CPU than anything else, for pages that a block
 * seldom needs again (a read soon after the write pays one read from the disk). The final sync has
 * only the device's cache and the file's size to write. O_DIRECT wants whole units of the
 * alignment from aligned memory, so a batch is gathered in the writing thread's staging buffer
 * and written in whole units; the bytes past the last whole unit wait in a small tail for the next
 * batch. The last partial unit is written padded, and the file is then cut to the block's length.
 * Elsewhere the writes are plain positional ones.
 */
public final class BlockFileWriter implements QueuedFileWrites.Target {
  /**
   * Blocks smaller than this go through the page cache even where O_DIRECT is on: their copy costs
   * little, and the page cache serves a read soon after the write (a small file is often read right
   * after it is put) without a trip to the device.
   */
  public static final long DIRECT_MIN_BYTES = 1 << 20;
  /** Bytes a pool thread gathers before writing them out with O_DIRECT. */
  static final int STAGE_BYTES = 1 << 20;
  /** The largest alignment used; the staging buffers' addresses are aligned to it, so to any smaller one. */
  public static final int MAX_ALIGNMENT = 64 << 10;
  /** One per disk-pool thread: the memory a node spends on staging is bounded by its pool, not by its writes. */
  private static final ThreadLocal<ByteBuffer> STAGE = ThreadLocal.withInitial(
      () -> ByteBuffer.allocateDirect(STAGE_BYTES + MAX_ALIGNMENT).alignedSlice(MAX_ALIGNMENT));

  private final FileChannel channel;
  private final int alignment;
  /** Bytes accepted so far: where the next write must start. */
  private long accepted;
  /** Bytes in the file: with O_DIRECT, whole units until {@link #complete} writes the last one. */
  private long written;
  /** With O_DIRECT, the bytes past the last whole unit, kept between batches. */
  private final byte[] tail;
  private int tailLength;
  /** The batch's staging buffer while a batch is being written, else null. */
  private ByteBuffer stage;

  private BlockFileWriter(FileChannel channel, int alignment) {
    this.channel = channel;
    this.alignment = alignment;
    this.tail = new byte[alignment];
  }

  /**
   * Creates the file at {@code path}, which must not exist, for writes with O_DIRECT in units of
   * {@code alignment} bytes, or plain ones if it is 0.
   */
  public static BlockFileWriter create(Path path, int alignment) throws IOException {
    if (alignment == 0) {
      return new BlockFileWriter(FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), 0);
    }
    if (alignment < 0 || alignment > MAX_ALIGNMENT || Integer.bitCount(alignment) != 1) {
      throw new IllegalArgumentException("alignment " + alignment + " is not a power of two up to " + MAX_ALIGNMENT);
    }
    return new BlockFileWriter(FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
        ExtendedOpenOption.DIRECT), alignment);
  }

  /**
   * The alignment O_DIRECT writes into {@code dir} need, found by writing a probe file there; 0
   * when they cannot be used there (the file system refuses O_DIRECT, or wants an alignment over
   * {@link #MAX_ALIGNMENT}). Blocking.
   */
  public static int directAlignment(Path dir) {
    Path probe = dir.resolve("direct-io-probe." + UUID.randomUUID());
    try {
      long blockSize = Files.getFileStore(dir).getBlockSize();
      if (blockSize <= 0 || blockSize > MAX_ALIGNMENT || Long.bitCount(blockSize) != 1) {
        return 0;
      }
      int alignment = (int) blockSize;
      try (FileChannel ch = FileChannel.open(probe, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
          ExtendedOpenOption.DIRECT)) {
        ByteBuffer unit = ByteBuffer.allocateDirect(2 * alignment).alignedSlice(alignment).limit(alignment);
        while (unit.hasRemaining()) {
          ch.write(unit, unit.position());
        }
      }
      return alignment;
    } catch (IOException | UnsupportedOperationException e) {
      return 0;
    } finally {
      try {
        Files.deleteIfExists(probe);
      } catch (IOException ignored) {
        // A probe left behind is removed with the rest of tmp/ at the next open.
      }
    }
  }

  /** Whether the bytes bypass the page cache. */
  public boolean direct() {
    return alignment > 0;
  }

  @Override
  public void write(ByteBuffer src, long position) throws IOException {
    if (position != accepted) {
      throw new IllegalStateException("a block file is written in order: " + position + " given, " + accepted
          + " expected");
    }
    accepted += src.remaining();
    if (alignment == 0) {
      while (src.hasRemaining()) {
        written += channel.write(src, written);
      }
      return;
    }
    if (stage == null) {
      stage = STAGE.get().clear();
      stage.put(tail, 0, tailLength);
      tailLength = 0;
    }
    while (src.hasRemaining()) {
      int n = Math.min(src.remaining(), stage.remaining());
      stage.put(src.slice(src.position(), n));
      src.position(src.position() + n);
      if (!stage.hasRemaining()) {
        writeWholeUnits();
      }
    }
  }

  @Override
  public void batchWritten() throws IOException {
    if (stage == null) {
      return;
    }
    writeWholeUnits();
    tailLength = stage.position();
    stage.flip().get(tail, 0, tailLength);
    stage = null;
  }

  /** Writes what is left, syncs the file's data if {@code sync} (fdatasync), and closes it. */
  public void complete(boolean sync) throws IOException {
    try (channel) {
      if (tailLength > 0) {
        ByteBuffer last = STAGE.get().clear();
        last.put(tail, 0, tailLength);
        while (last.position() < alignment) {
          last.put((byte) 0);
        }
        last.flip();
        while (last.hasRemaining()) {
          channel.write(last, written + last.position());
        }
        written += tailLength;
        tailLength = 0;
        channel.truncate(written);
      }
      if (sync) {
        channel.force(false);
      }
    }
  }

  /** Closes the file without completing it. */
  public void close() throws IOException {
    channel.close();
  }

  /** Writes the stage's whole units and moves the rest to its start. */
  private void writeWholeUnits() throws IOException {
    int filled = stage.position();
    int whole = filled - filled % alignment;
    if (whole == 0) {
      return;
    }
    ByteBuffer out = stage.slice(0, whole);
    while (out.hasRemaining()) {
      channel.write(out, written + out.position());
    }
    written += whole;
    stage.position(whole).limit(filled);
    stage.compact();
  }
}
