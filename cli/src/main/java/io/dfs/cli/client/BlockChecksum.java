package io.dfs.cli.client;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * The CRC32C of a range of a local file, computed in a pass of its own before the range is sent.
 *
 * <p>Why a separate pass: a PUT_BLOCK header declares the whole block's CRC32C, and the header goes
 * out before the first byte of data. Every node of the pipeline checks the bytes it received against
 * that value before it fsyncs, renames and acknowledges, so a block damaged anywhere between this
 * disk and theirs (or a local file that changed mid-upload) is refused rather than stored. Reading
 * the range twice costs little: a block is at most a few MiB, and the second read, made right after,
 * is served from the page cache.
 *
 * <p>Blocking: run it on a worker thread. Each thread reuses one direct buffer, so a pass allocates
 * nothing and the JDK's intrinsic CRC32C reads the bytes where the kernel put them.
 */
public final class BlockChecksum {
  private static final int BUFFER_BYTES = 256 * 1024;
  private static final ThreadLocal<ByteBuffer> BUFFER =
      ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(BUFFER_BYTES));

  private BlockChecksum() {}

  /**
   * The unsigned CRC32C of {@code length} bytes of {@code file} from {@code offset}; fails with a
   * {@link LocalFileException} if the file cannot be read or is shorter than that.
   */
  public static long of(Path file, long offset, long length) {
    CRC32C crc = new CRC32C();
    ByteBuffer buffer = BUFFER.get();
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long position = offset;
      long end = offset + length;
      while (position < end) {
        buffer.clear().limit((int) Math.min(buffer.capacity(), end - position));
        int n = channel.read(buffer, position);
        if (n < 0) {
          throw new EOFException("file is shorter than expected: it changed during the upload");
        }
        buffer.flip();
        crc.update(buffer);
        position += n;
      }
    } catch (IOException e) {
      throw LocalFileException.cannotRead(file, e);
    }
    return crc.getValue();
  }
}
