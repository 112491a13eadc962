package io.dfs.bench.client;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs operations 0..count-1 on {@code clients} threads, each taking the next operation when its
 * previous one has finished (a closed loop, as that many users each waiting for their command
 * would). Every operation's latency is kept; the wall time runs from the start signal to the last
 * completion. The first failure stops every thread and is rethrown.
 */
final class ConcurrentOps {
  /** One operation; {@code index} says which. */
  @FunctionalInterface
  interface Op {
    void run(int index) throws Exception;
  }

  /** What a phase took. */
  record Timing(int ops, long wallNanos, Latencies latencies) {
    double opsPerSecond() {
      return ops / (wallNanos / 1e9);
    }

    double seconds() {
      return wallNanos / 1e9;
    }
  }

  private ConcurrentOps() {}

  static Timing run(int count, int clients, Op op) {
    long[] latencies = new long[count];
    AtomicInteger next = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < clients; t++) {
      Thread thread = new Thread(() -> {
        try {
          go.await();
          for (int i = next.getAndIncrement(); i < count && failure.get() == null; i = next.getAndIncrement()) {
            long start = System.nanoTime();
            op.run(i);
            latencies[i] = System.nanoTime() - start;
          }
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
      }, "bench-client-" + t);
      threads.add(thread);
      thread.start();
    }
    long start = System.nanoTime();
    go.countDown();
    for (Thread thread : threads) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted");
      }
    }
    long wall = System.nanoTime() - start;
    if (failure.get() != null) {
      throw new IllegalStateException("operation failed: " + failure.get().getMessage(), failure.get());
    }
    return new Timing(count, wall, new Latencies(latencies));
  }
}
