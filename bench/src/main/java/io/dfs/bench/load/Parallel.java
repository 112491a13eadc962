package io.dfs.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** Work over a list by a few platform threads, each taking the next item until none is left. */
final class Parallel {
  private Parallel() {}

  /** Runs {@code body} on every item, {@code threads} at a time; returns when all are done. */
  static <T> void forEach(String name, List<T> items, int threads, Consumer<T> body) {
    AtomicInteger next = new AtomicInteger();
    List<Thread> started = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread thread = new Thread(() -> {
        for (int i; (i = next.getAndIncrement()) < items.size(); ) {
          body.accept(items.get(i));
        }
      }, name + "-" + t);
      thread.start();
      started.add(thread);
    }
    Workload.join(started);
  }
}
