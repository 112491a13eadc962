package io.dfs.datanode.testsupport;

import io.dfs.common.wire.Crc32c;
import io.vertx.core.buffer.Buffer;
import java.util.Random;

/** Reproducible block contents and their checksums for tests. */
public final class TestBytes {
  private TestBytes() {}

  public static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** The unsigned CRC32C of {@code data}, as headers carry it. */
  public static long crc(byte[] data) {
    return Crc32c.unsigned(Crc32c.of(Buffer.buffer(data)));
  }
}
