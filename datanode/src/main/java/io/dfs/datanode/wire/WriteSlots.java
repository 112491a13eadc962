package io.dfs.datanode.wire;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds how many PUT_BLOCK requests a node runs at once. Each holds a temp file, a downstream
 * connection and their write queues; past the bound a request is answered BUSY instead of growing
 * the heap.
 */
final class WriteSlots {
  private final int max;
  private final AtomicInteger inUse = new AtomicInteger();

  WriteSlots(int max) {
    this.max = max;
  }

  boolean tryAcquire() {
    while (true) {
      int n = inUse.get();
      if (n >= max) {
        return false;
      }
      if (inUse.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }

  void release() {
    inUse.decrementAndGet();
  }
}
