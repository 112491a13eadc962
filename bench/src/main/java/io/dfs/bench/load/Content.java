package io.dfs.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/** The bytes of a put: {@code size} bytes drawn from {@code seed}, so a seed names its content. */
final class Content {
  private static final int CHUNK = 64 * 1024;

  private Content() {}

  /** Writes the content to {@code file} (replacing it) and returns its SHA-256 in hex. */
  static String write(Path file, long size, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    MessageDigest sha = sha256();
    ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(CHUNK, size)).order(ByteOrder.LITTLE_ENDIAN);
    try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      for (long done = 0; done < size; ) {
        int n = (int) Math.min(chunk.capacity(), size - done);
        fill(chunk, n, random);
        sha.update(chunk.array(), 0, n);
        while (chunk.hasRemaining()) {
          out.write(chunk);
        }
        done += n;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  /**
   * Fills the first {@code n} bytes of {@code chunk} and makes them its remaining bytes. Whole random
   * longs are several times faster than {@code nextBytes}, and the writers share the two cores with
   * the cluster they measure.
   */
  private static void fill(ByteBuffer chunk, int n, SplittableRandom random) {
    int at = 0;
    for (; at + Long.BYTES <= n; at += Long.BYTES) {
      chunk.putLong(at, random.nextLong());
    }
    for (long tail = random.nextLong(); at < n; at++, tail >>>= Byte.SIZE) {
      chunk.put(at, (byte) tail);
    }
    chunk.position(0).limit(n);
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
