package io.dfs.datanode.store;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlockFileWriterTest {
  /** Sizes around the 4 KiB unit and the 1 MiB stage, and a block larger than the stage. */
  private static final int[] SIZES = {1, 4095, 4096, 4097, 65_545, 1 << 20, (1 << 20) + 12_345, 3 * (1 << 20) + 7};

  @TempDir Path dir;

  private static byte[] bytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** Cuts {@code data} into batches of pieces of random sizes, the way frames arrive and queue up. */
  private static List<List<ByteBuffer>> batches(byte[] data, long seed) {
    Random random = new Random(seed);
    List<List<ByteBuffer>> batches = new ArrayList<>();
    List<ByteBuffer> batch = new ArrayList<>();
    for (int at = 0; at < data.length; ) {
      int n = Math.min(data.length - at, 1 + random.nextInt(random.nextBoolean() ? 5_000 : 300_000));
      batch.add(ByteBuffer.wrap(data, at, n).slice());
      at += n;
      if (random.nextInt(3) == 0) {
        batches.add(batch);
        batch = new ArrayList<>();
      }
    }
    if (!batch.isEmpty()) {
      batches.add(batch);
    }
    return batches;
  }

  private static void writeBatch(BlockFileWriter writer, List<ByteBuffer> batch, long[] position) throws Exception {
    for (ByteBuffer piece : batch) {
      int n = piece.remaining();
      writer.write(piece, position[0]);
      assertFalse(piece.hasRemaining(), "a write takes every byte");
      position[0] += n;
    }
    writer.batchWritten();
  }

  private void writesLandExactly(int alignment) throws Exception {
    for (int size : SIZES) {
      byte[] data = bytes(size, size);
      Path file = dir.resolve("block-" + alignment + "-" + size);
      BlockFileWriter writer = BlockFileWriter.create(file, alignment);
      assertEquals(alignment > 0, writer.direct());
      long[] position = {0};
      for (List<ByteBuffer> batch : batches(data, size * 31L)) {
        writeBatch(writer, batch, position);
      }
      writer.complete(true);
      assertArrayEquals(data, Files.readAllBytes(file), "size " + size);
    }
  }

  @Test
  void directWritesLandTheExactBytesWhateverTheBatching() throws Exception {
    int alignment = BlockFileWriter.directAlignment(dir);
    assumeTrue(alignment > 0, "this file system refuses O_DIRECT");
    writesLandExactly(alignment);
  }

  @Test
  void plainWritesLandTheExactBytesWhateverTheBatching() throws Exception {
    writesLandExactly(0);
  }

  /** Every writer of a disk thread shares its staging buffer; each batch must leave it to the next. */
  @Test
  void writersTakingTurnsOnOneThreadKeepTheirOwnBytes() throws Exception {
    int alignment = BlockFileWriter.directAlignment(dir);
    assumeTrue(alignment > 0, "this file system refuses O_DIRECT");
    byte[] a = bytes(2 * (1 << 20) + 100, 1);
    byte[] b = bytes(700_001, 2);
    BlockFileWriter wa = BlockFileWriter.create(dir.resolve("a"), alignment);
    BlockFileWriter wb = BlockFileWriter.create(dir.resolve("b"), alignment);
    List<List<ByteBuffer>> ba = batches(a, 3);
    List<List<ByteBuffer>> bb = batches(b, 4);
    long[] pa = {0};
    long[] pb = {0};
    for (int i = 0; i < Math.max(ba.size(), bb.size()); i++) {
      if (i < ba.size()) {
        writeBatch(wa, ba.get(i), pa);
      }
      if (i < bb.size()) {
        writeBatch(wb, bb.get(i), pb);
      }
    }
    wb.complete(false);
    wa.complete(false);
    assertArrayEquals(a, Files.readAllBytes(dir.resolve("a")));
    assertArrayEquals(b, Files.readAllBytes(dir.resolve("b")));
  }

  @Test
  void aWriteOutOfOrderIsRefused() throws Exception {
    int alignment = BlockFileWriter.directAlignment(dir);
    BlockFileWriter writer = BlockFileWriter.create(dir.resolve("f"), alignment);
    writer.write(ByteBuffer.wrap(new byte[10]), 0);
    assertThrows(IllegalStateException.class, () -> writer.write(ByteBuffer.wrap(new byte[10]), 20));
    assertThrows(IllegalStateException.class, () -> writer.write(ByteBuffer.wrap(new byte[10]), 0));
    writer.close();
  }

  @Test
  void theFileMustBeNew() throws Exception {
    Path existing = Files.writeString(dir.resolve("old"), "kept");
    assertThrows(java.nio.file.FileAlreadyExistsException.class, () -> BlockFileWriter.create(existing, 0));
    assertEquals("kept", Files.readString(existing));
  }

  @Test
  void theProbeLeavesNothingBehindAndTheStoreKeepsWhatItFound() throws Exception {
    int alignment = BlockFileWriter.directAlignment(dir);
    assertTrue(alignment == 0 || Integer.bitCount(alignment) == 1 && alignment <= BlockFileWriter.MAX_ALIGNMENT,
        "alignment " + alignment);
    try (Stream<Path> left = Files.list(dir)) {
      assertEquals(0, left.count());
    }
    BlockStore store = BlockStore.open(dir.resolve("store"), true);
    assertEquals(alignment, store.directAlignment(), "the same file system, the same answer");
    assertEquals(alignment, store.directAlignment(BlockFileWriter.DIRECT_MIN_BYTES));
    assertEquals(0, store.directAlignment(BlockFileWriter.DIRECT_MIN_BYTES - 1), "small blocks use the page cache");
    assertEquals(0, BlockStore.open(dir.resolve("cached"), true, false).directAlignment(), "turned off");
    try (Stream<Path> left = Files.list(dir.resolve("store").resolve("tmp"))) {
      assertEquals(0, left.count(), "no probe left in tmp/");
    }
  }

  @Test
  void aDirectoryThatCannotBeWrittenGetsPlainWrites() {
    assertEquals(0, BlockFileWriter.directAlignment(dir.resolve("missing")));
  }
}
