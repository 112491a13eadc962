package io.dfs.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import java.util.stream.Stream;

/** Test data: seeded random files, their SHA-256, and block files on data node disks. */
final class TestFiles {
  private TestFiles() {}

  static Path random(Path dir, String name, long size, long seed) {
    Path p = dir.resolve(name);
    Random r = new Random(seed);
    byte[] chunk = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(p)) {
      long left = size;
      while (left > 0) {
        r.nextBytes(chunk);
        int n = (int) Math.min(chunk.length, left);
        out.write(chunk, 0, n);
        left -= n;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }

  static String sha256(Path p) {
    try (InputStream in = Files.newInputStream(p)) {
      return sha256(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String sha256(byte[] bytes) {
    return sha256(new java.io.ByteArrayInputStream(bytes));
  }

  private static String sha256(InputStream in) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[64 * 1024];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The stored file of a block on a data node, whether or not it exists. */
  static Path blockFile(Path dataDir, String blockId) {
    return dataDir.resolve("blocks").resolve(blockId.substring(0, 2)).resolve(blockId + ".blk");
  }

  static long countBlockFiles(Path dataDir) {
    Path blocks = dataDir.resolve("blocks");
    if (!Files.isDirectory(blocks)) {
      return 0;
    }
    try (Stream<Path> s = Files.walk(blocks)) {
      return s.filter(p -> p.toString().endsWith(".blk")).count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
