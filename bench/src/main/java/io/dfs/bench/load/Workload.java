package io.dfs.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The clients of a load run: writer threads take the puts and deletes, reader threads the gets and
 * listings, from bounded queues one planning thread fills in the seed's order. When the planner
 * waits for a full queue, so does the mix: the operations run are the planned ones, in order per
 * kind of client.
 */
final class Workload {
  private static final long POLL_MS = 100;

  private final LoadSettings settings;
  private final Path scratch;

  Workload(LoadSettings settings, Path scratch) {
    this.settings = settings;
    this.scratch = scratch;
  }

  /** Puts {@code settings.seedFiles()} files with every client at once; returns their names. */
  List<String> seed(OpRunner runner, LoadStats stats) {
    SplittableRandom random = new SplittableRandom(~settings.seed());
    BlockingQueue<Op> queue = new ArrayBlockingQueue<>(settings.seedFiles());
    List<String> names = new ArrayList<>();
    for (int i = 0; i < settings.seedFiles(); i++) {
      String name = String.format("seed/%04d", i);
      names.add(name);
      queue.add(new Op(i, Op.Kind.PUT, name, settings.seedFileBytes(), random.nextLong()));
    }
    AtomicBoolean stop = new AtomicBoolean(true);
    runThreads("seed", settings.writers() + settings.readers(), queue, runner, stop);
    if (stats.errorCount() > 0) {
      throw new IllegalStateException("seeding failed: " + stats.samples());
    }
    return names;
  }

  /** Runs {@code planner}'s operations for {@code duration}; returns how long the clients took, in seconds. */
  double run(OpRunner runner, OpPlanner planner, Duration duration) {
    BlockingQueue<Op> writes = new ArrayBlockingQueue<>(2 * settings.writers());
    BlockingQueue<Op> reads = new ArrayBlockingQueue<>(2 * settings.readers());
    AtomicBoolean stop = new AtomicBoolean();
    long start = System.nanoTime();
    List<Thread> threads = new ArrayList<>();
    threads.addAll(startThreads("writer", settings.writers(), writes, runner, stop));
    threads.addAll(startThreads("reader", settings.readers(), reads, runner, stop));
    long deadline = start + duration.toNanos();
    try {
      plan:
      while (true) {
        Op op = planner.next();
        BlockingQueue<Op> queue = op.kind().writes() ? writes : reads;
        while (!queue.offer(op, POLL_MS, TimeUnit.MILLISECONDS)) {
          if (System.nanoTime() > deadline) {
            break plan;
          }
        }
        if (System.nanoTime() > deadline) {
          break;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      stop.set(true);
      // Planned operations not yet taken were never sent: the oracle never heard of them.
      writes.clear();
      reads.clear();
      join(threads);
    }
    return (System.nanoTime() - start) / 1e9;
  }

  /** Reads every name the run wrote in full, one client thread each at a time; returns how many were right. */
  long readBack(OpRunner runner, Oracle oracle, LoadStats stats) {
    LongAdder right = new LongAdder();
    Parallel.forEach("read-back", oracle.names(), settings.writers() + settings.readers(), name -> {
      try {
        if (runner.readBack(name)) {
          right.increment();
        }
      } catch (RuntimeException e) {
        stats.error(new Op(-1, Op.Kind.GET, name, 0, 0), e);
      }
    });
    return right.sum();
  }

  private void runThreads(String role, int count, BlockingQueue<Op> queue, OpRunner runner, AtomicBoolean stop) {
    join(startThreads(role, count, queue, runner, stop));
  }

  private List<Thread> startThreads(String role, int count, BlockingQueue<Op> queue, OpRunner runner, AtomicBoolean stop) {
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Path file = scratch.resolve(role + "-" + i + ".bin");
      threads.add(started(role + "-" + i, () -> {
        try {
          while (true) {
            Op op = queue.poll(POLL_MS, TimeUnit.MILLISECONDS);
            if (op != null) {
              runner.run(op, file);
            } else if (stop.get()) {
              return;
            }
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } finally {
          try {
            Files.deleteIfExists(file);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      }));
    }
    return threads;
  }

  static void join(List<Thread> threads) {
    for (Thread t : threads) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static Thread started(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.start();
    return t;
  }
}
