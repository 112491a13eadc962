package io.dfs.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
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
    byte[] chunk = new byte[CHUNK];
    try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      for (long done = 0; done < size; ) {
        int n = (int) Math.min(CHUNK, size - done);
        random.nextBytes(chunk);
        sha.update(chunk, 0, n);
        ByteBuffer buf = ByteBuffer.wrap(chunk, 0, n);
        while (buf.hasRemaining()) {
          out.write(buf);
        }
        done += n;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
