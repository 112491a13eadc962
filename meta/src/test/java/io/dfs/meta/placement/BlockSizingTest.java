package io.dfs.meta.placement;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class BlockSizingTest {
  private static final long KIB = 1024;
  private static final long MIB = 1024 * KIB;
  private final BlockSizing sizing = new BlockSizing(100 * KIB, 10 * MIB);

  @Test
  void emptyFileHasNoBlocks() {
    long bs = sizing.blockSize(0, 3);
    assertEquals(0, BlockSizing.blockCount(0, bs));
  }

  @Test
  void filesBelowTheMinimumAreOneBlock() {
    for (long size : new long[] {1, 1000, 64 * KIB, 100 * KIB - 1}) {
      long bs = sizing.blockSize(size, 3);
      assertEquals(128 * KIB, bs, "100 KiB minimum rounded up to 64 KiB");
      assertEquals(1, BlockSizing.blockCount(size, bs));
    }
  }

  @Test
  void sizeIsAQuarterPerLiveNodeRoundedUpTo64KiB() {
    // 30 MiB over 3 nodes: ceil(30 MiB / 12) = 2.5 MiB, already a multiple of 64 KiB.
    assertEquals(2560 * KIB, sizing.blockSize(30 * MIB, 3));
    // 30 MiB + 1 byte: share just over 2.5 MiB rounds up to the next 64 KiB.
    assertEquals(2560 * KIB + 64 * KIB, sizing.blockSize(30 * MIB + 1, 3));
    // 1 MiB over 1 node: 256 KiB.
    assertEquals(256 * KIB, sizing.blockSize(MIB, 1));
    long bs = sizing.blockSize(30 * MIB, 3);
    assertEquals(0, bs % BlockSizing.ALIGNMENT);
    assertEquals(12, BlockSizing.blockCount(30 * MIB, bs));
  }

  @Test
  void clampsToTheBounds() {
    // Small share: clamped up to the 100 KiB minimum, then rounded to 128 KiB.
    assertEquals(128 * KIB, sizing.blockSize(MIB, 10));
    // Huge file: clamped to the 10 MiB maximum.
    assertEquals(10 * MIB, sizing.blockSize(10L * 1024 * MIB, 3));
    assertEquals(10 * MIB, sizing.blockSize(Long.MAX_VALUE / 2, 1));
  }

  @Test
  void aMaximumBelowTheAlignmentIsStillAHardBound() {
    BlockSizing tiny = new BlockSizing(1000, 4096);
    assertEquals(4096, tiny.blockSize(MIB, 3));
    assertEquals(4096, tiny.blockSize(10, 3));
  }

  @Test
  void zeroLiveNodesCountsAsOne() {
    assertEquals(sizing.blockSize(MIB, 1), sizing.blockSize(MIB, 0));
  }

  @Test
  void refusesNonsense() {
    assertThrows(IllegalArgumentException.class, () -> sizing.blockSize(-1, 3));
    assertThrows(IllegalArgumentException.class, () -> new BlockSizing(0, 10));
    assertThrows(IllegalArgumentException.class, () -> new BlockSizing(10, 5));
  }
}
