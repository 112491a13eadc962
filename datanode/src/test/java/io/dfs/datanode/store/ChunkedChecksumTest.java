package io.dfs.datanode.store;

import static org.junit.jupiter.api.Assertions.*;

import io.dfs.common.wire.Crc32c;
import io.vertx.core.buffer.Buffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChunkedChecksumTest {
  private static final int CHUNK = BlockMeta.CHUNK_BYTES;

  private static Buffer bytes(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return Buffer.buffer(b);
  }

  @Test
  void chunkCrcsDoNotDependOnHowTheBytesArrive() {
    for (int length : new int[] {1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 17}) {
      Buffer data = bytes(length);
      for (int piece : new int[] {1, 1000, CHUNK - 3, CHUNK, CHUNK + 5}) {
        if (piece == 1 && length > CHUNK + 1) {
          continue;
        }
        ChunkedChecksum sum = new ChunkedChecksum(length);
        for (int at = 0; at < length; at += piece) {
          sum.update(data.slice(at, Math.min(length, at + piece)));
        }
        BlockMeta meta = sum.finish();
        assertEquals(length, meta.length());
        assertEquals(Crc32c.of(data), meta.crc32c());
        assertEquals(BlockMeta.chunks(length), meta.chunkCrcs().length);
        for (int c = 0; c < meta.chunkCrcs().length; c++) {
          int from = c * CHUNK;
          assertEquals(Crc32c.of(data, from, from + meta.chunkLength(c)), meta.chunkCrcs()[c],
              "length " + length + " piece " + piece + " chunk " + c);
        }
      }
    }
  }

  @Test
  void refusesBytesPastTheExpectedLengthAndAnEarlyFinish() {
    ChunkedChecksum sum = new ChunkedChecksum(10);
    sum.update(bytes(6));
    assertThrows(IllegalStateException.class, () -> sum.update(bytes(5)));
    assertThrows(IllegalStateException.class, sum::finish);
  }

  @Test
  void sidecarJsonRoundTripsAndRejectsInconsistentOnes() {
    ChunkedChecksum sum = new ChunkedChecksum(CHUNK + 1);
    sum.update(bytes(CHUNK + 1));
    BlockMeta meta = sum.finish();
    BlockMeta back = BlockMeta.fromJson(meta.toJson());
    assertEquals(meta.length(), back.length());
    assertEquals(meta.crc32c(), back.crc32c());
    assertArrayEquals(meta.chunkCrcs(), back.chunkCrcs());

    assertThrows(IllegalArgumentException.class, () -> BlockMeta.fromJson(meta.toJson().put("chunkSize", 4096)));
    assertThrows(IllegalArgumentException.class, () -> BlockMeta.fromJson(meta.toJson().put("length", 5)));
    assertThrows(IllegalArgumentException.class, () -> BlockMeta.fromJson(meta.toJson().put("crc32c", -1)));
    assertThrows(IllegalArgumentException.class, () -> BlockMeta.fromJson(meta.toJson().put("crc32c", 1L << 32)));
    assertThrows(IllegalArgumentException.class, () -> BlockMeta.fromJson(meta.toJson().put("chunkCrcs", "x")));
    assertThrows(IllegalArgumentException.class, () -> BlockMeta.fromJson(meta.toJson().putNull("length")));
  }
}
