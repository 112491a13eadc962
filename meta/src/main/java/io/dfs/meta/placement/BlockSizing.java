package io.dfs.meta.placement;

/**
 * Chooses a file's block size: {@code clamp(ceil(size / (4 × liveNodes)), minBlock, maxBlock)}
 * rounded up to a multiple of {@link #ALIGNMENT}, so a file spreads over about four blocks per
 * live node. A file smaller than {@code minBlock} is one block; an empty file has no blocks.
 *
 * <p>{@code maxBlock} is a hard bound (data nodes refuse larger blocks): when rounding up would
 * pass it, the block size is {@code maxBlock} itself.
 */
public final class BlockSizing {
  /** Block sizes are multiples of this (64 KiB, one DATA frame), unless {@code maxBlock} is smaller. */
  public static final long ALIGNMENT = 64 * 1024;
  /** Blocks per live node a file aims for. */
  static final int BLOCKS_PER_NODE = 4;

  private final long minBlock;
  private final long maxBlock;

  public BlockSizing(long minBlock, long maxBlock) {
    if (minBlock <= 0 || maxBlock < minBlock) {
      throw new IllegalArgumentException("need 0 < minBlock <= maxBlock, not " + minBlock + ", " + maxBlock);
    }
    this.minBlock = minBlock;
    this.maxBlock = maxBlock;
  }

  /** The block size for a file of {@code fileSize} bytes on {@code liveNodes} nodes (at least 1 assumed). */
  public long blockSize(long fileSize, int liveNodes) {
    if (fileSize < 0) {
      throw new IllegalArgumentException("file size must not be negative");
    }
    long share = ceilDiv(fileSize, (long) BLOCKS_PER_NODE * Math.max(1, liveNodes));
    long clamped = Math.min(Math.max(share, minBlock), maxBlock);
    long aligned = ceilDiv(clamped, ALIGNMENT) * ALIGNMENT;
    return Math.min(aligned, maxBlock);
  }

  /** How many blocks of {@code blockSize} hold {@code fileSize} bytes; 0 for an empty file. */
  public static long blockCount(long fileSize, long blockSize) {
    return ceilDiv(fileSize, blockSize);
  }

  private static long ceilDiv(long a, long b) {
    return a == 0 ? 0 : (a - 1) / b + 1;
  }
}
