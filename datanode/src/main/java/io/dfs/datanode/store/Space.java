package io.dfs.datanode.store;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * How many bytes this node may still take: the configured capacity less what is stored and what
 * writes in progress have reserved, and never more than the file system has left (less those
 * reservations). A write reserves its whole length before it creates its temp file and gives it
 * back when it ends, so concurrent writes cannot together overrun the disk or the capacity.
 *
 * <p>The file system's usable space is a blocking call; it is sampled by {@link #refresh} (on a
 * worker) and read from the last sample everywhere else. Thread-safe.
 */
public final class Space {
  private final long capacityBytes;
  private final LongSupplier storedBytes;
  private final AtomicLong reserved = new AtomicLong();
  private volatile long fileSystemUsable;

  /**
   * @param capacityBytes the capacity this node reports
   * @param storedBytes bytes of block data stored now
   * @param fileSystemUsable the file system's usable bytes at start
   */
  public Space(long capacityBytes, LongSupplier storedBytes, long fileSystemUsable) {
    this.capacityBytes = capacityBytes;
    this.storedBytes = storedBytes;
    this.fileSystemUsable = fileSystemUsable;
  }

  /** Records a new sample of the file system's usable bytes (reservations not yet written included). */
  public void refresh(long usableNow) {
    fileSystemUsable = usableNow;
  }

  public long capacityBytes() {
    return capacityBytes;
  }

  /** Bytes a new write may still take. */
  public long freeBytes() {
    long r = reserved.get();
    long byCapacity = capacityBytes - storedBytes.getAsLong() - r;
    long byDisk = fileSystemUsable - r;
    return Math.max(0, Math.min(byCapacity, byDisk));
  }

  /** The used bytes to report: what is stored and what writes in progress have reserved. */
  public long reportedUsedBytes() {
    return storedBytes.getAsLong() + reserved.get();
  }

  /**
   * The capacity to report: used plus free, so that meta's capacity − used is exactly what a new
   * write may take — less than the configured capacity when the disk has less room left.
   */
  public long reportedCapacityBytes() {
    return reportedUsedBytes() + freeBytes();
  }

  /** Reserves {@code bytes} if they fit; false (nothing reserved) if not. */
  public boolean tryReserve(long bytes) {
    synchronized (this) {
      if (freeBytes() < bytes) {
        return false;
      }
      reserved.addAndGet(bytes);
      return true;
    }
  }

  public void release(long bytes) {
    reserved.addAndGet(-bytes);
  }
}
