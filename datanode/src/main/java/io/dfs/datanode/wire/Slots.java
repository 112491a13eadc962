package io.dfs.datanode.wire;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bound on something a node holds per request or connection (temp files, downstream
 * connections, write queues): past it the newcomer is answered BUSY instead of growing the heap.
 */
final class Slots {
  private final int max;
  private final AtomicInteger inUse = new AtomicInteger();

  Slots(int max) {
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

  int inUse() {
    return inUse.get();
  }

  void release() {
    inUse.decrementAndGet();
  }
}
