package io.dfs.bench.data;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;

/** The local files the clients upload, written as a stream in 1 MiB pieces whatever their size. */
public final class TestData {
  private static final int CHUNK = 1 << 20;

  private TestData() {}

  /** A file of {@code bytes} pseudo-random bytes from {@code seed}. */
  public static void random(Path file, long bytes, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE)) {
      for (long written = 0; written < bytes; ) {
        chunk.clear();
        while (chunk.remaining() >= Long.BYTES) {
          chunk.putLong(random.nextLong());
        }
        chunk.flip().limit((int) Math.min(CHUNK, bytes - written));
        while (chunk.hasRemaining()) {
          written += ch.write(chunk);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /**
   * A sparse file of {@code bytes} zero bytes: it takes no disk space and reads cost no disk I/O,
   * for a transfer whose client memory is what is measured, not its speed.
   */
  public static void sparse(Path file, long bytes) {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** {@code count} random files of {@code bytes} each in {@code dir}, named 000000, 000001, ... */
  public static void smallFiles(Path dir, int count, int bytes, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    byte[] content = new byte[bytes];
    try {
      Files.createDirectories(dir);
      for (int i = 0; i < count; i++) {
        random.nextBytes(content);
        Files.write(dir.resolve(String.format("%06d", i)), content);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write small files in " + dir, e);
    }
  }

  /** Deletes a directory tree, or a file; nothing if it is not there. */
  public static void delete(Path path) {
    if (!Files.exists(path)) {
      return;
    }
    try (var walk = Files.walk(path)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + path, e);
    }
  }
}
