package io.dfs.bench.limits;

import java.util.SplittableRandom;
import java.util.zip.CRC32C;

/**
 * CRC32C on one thread with the JDK's intrinsic, as every hop of the data path computes it. One
 * untimed pass first, so the figure is the compiled code's.
 */
public final class Crc32cLimit {
  private static final int BUFFER = 16 << 20;

  private Crc32cLimit() {}

  /** Checksums {@code bytes} bytes (a 16 MiB buffer over and over); MB/s. */
  public static double measure(long bytes) {
    byte[] data = new byte[BUFFER];
    new SplittableRandom(2).nextBytes(data);
    checksum(data, Math.min(bytes, 4L * BUFFER));
    long start = System.nanoTime();
    long sink = checksum(data, bytes);
    long nanos = System.nanoTime() - start;
    // Uses the result, so the loop cannot be optimised away.
    if (sink == -1) {
      throw new AssertionError();
    }
    return Rates.megabytesPerSecond(bytes, nanos);
  }

  private static long checksum(byte[] data, long bytes) {
    CRC32C crc = new CRC32C();
    for (long done = 0; done < bytes; ) {
      int n = (int) Math.min(data.length, bytes - done);
      crc.update(data, 0, n);
      done += n;
    }
    return crc.getValue();
  }
}
