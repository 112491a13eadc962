package io.dfs.common.wire;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.util.zip.CRC32C;

/** CRC32C over Vert.x buffers without copying them (the JDK's intrinsic does the work). */
public final class Crc32c {
  private Crc32c() {}

  public static void update(CRC32C crc, Buffer buffer) {
    update(crc, buffer, 0, buffer.length());
  }

  public static void update(CRC32C crc, Buffer buffer, int from, int to) {
    if (buffer instanceof BufferInternal internal) {
      crc.update(internal.getByteBuf().nioBuffer(from, to - from));
    } else {
      crc.update(buffer.getBytes(from, to));
    }
  }

  public static int of(Buffer buffer) {
    return of(buffer, 0, buffer.length());
  }

  public static int of(Buffer buffer, int from, int to) {
    CRC32C crc = new CRC32C();
    update(crc, buffer, from, to);
    return (int) crc.getValue();
  }

  /** The unsigned value as it travels in JSON headers. */
  public static long unsigned(int crc) {
    return Integer.toUnsignedLong(crc);
  }
}
