package io.dfs.bench.limits;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;

/**
 * What the disk under the benchmark's data does alone: a sequential write made durable with one
 * fdatasync at the end ({@code FileChannel.force(false)}), then a sequential read of it back.
 *
 * <p>The file was just written, so a plain read would come from the page cache. Dropping the
 * caches needs root and empties them for everyone on the machine; instead the read uses O_DIRECT,
 * which bypasses the page cache for this file alone. Where the file system refuses O_DIRECT the
 * read falls back to buffered I/O and says so ({@link Read#method()}).
 */
public final class DiskLimit {
  private static final int WRITE_CHUNK = 1 << 20;
  private static final int READ_CHUNK = 4 << 20;

  /** A read's rate and how it was read. */
  public record Read(double megabytesPerSecond, String method) {}

  private DiskLimit() {}

  /** Writes {@code bytes} of random data to {@code file} and fdatasyncs it; MB/s including the sync. */
  public static double write(Path file, long bytes) {
    ByteBuffer chunk = ByteBuffer.allocateDirect(WRITE_CHUNK);
    SplittableRandom random = new SplittableRandom(1);
    while (chunk.remaining() >= Long.BYTES) {
      chunk.putLong(random.nextLong());
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE)) {
      long start = System.nanoTime();
      for (long written = 0; written < bytes; ) {
        chunk.clear().limit((int) Math.min(WRITE_CHUNK, bytes - written));
        while (chunk.hasRemaining()) {
          written += ch.write(chunk);
        }
      }
      ch.force(false);
      return Rates.megabytesPerSecond(bytes, System.nanoTime() - start);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** Reads {@code file} from start to end, bypassing the page cache where the file system allows. */
  public static Read read(Path file) {
    try {
      int align = (int) Files.getFileStore(file).getBlockSize();
      ByteBuffer chunk = ByteBuffer.allocateDirect(READ_CHUNK + align).alignedSlice(align);
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, ExtendedOpenOption.DIRECT)) {
        return new Read(timeRead(ch, chunk), "O_DIRECT");
      } catch (UnsupportedOperationException | IOException e) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
          return new Read(timeRead(ch, chunk), "buffered (O_DIRECT refused: page cache may serve it)");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static double timeRead(FileChannel ch, ByteBuffer chunk) throws IOException {
    long start = System.nanoTime();
    long total = 0;
    for (int n; (n = ch.read(chunk.clear())) > 0; ) {
      total += n;
    }
    return Rates.megabytesPerSecond(total, System.nanoTime() - start);
  }
}
