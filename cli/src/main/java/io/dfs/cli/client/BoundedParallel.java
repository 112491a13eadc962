package io.dfs.cli.client;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Runs one asynchronous task per item with at most {@code limit} in flight: a task starts only when
 * an earlier one has finished, so a file of a thousand blocks never has a thousand transfers open.
 *
 * <p>On the first failure no further task starts; the result fails with that failure once the tasks
 * already in flight have finished (so nothing still writes into a file its caller is about to
 * delete). Not thread-safe: call it, and complete the tasks' futures, on one event loop.
 */
public final class BoundedParallel<T, R> {
  private final List<T> items;
  private final int limit;
  private final Function<T, Future<R>> task;
  private final Object[] results;
  private final Promise<List<R>> done = Promise.promise();
  private int next;
  private int inFlight;
  private Throwable failure;

  private BoundedParallel(List<T> items, int limit, Function<T, Future<R>> task) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, not " + limit);
    }
    this.items = List.copyOf(items);
    this.limit = limit;
    this.task = task;
    this.results = new Object[items.size()];
  }

  /** Returns {@code limit} if it allows at least one task in flight; checked where a limit is configured. */
  public static int requireLimit(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1, not " + limit);
    }
    return limit;
  }

  /** The results in item order, or the first failure. */
  public static <T, R> Future<List<R>> map(List<T> items, int limit, Function<T, Future<R>> task) {
    BoundedParallel<T, R> run = new BoundedParallel<>(items, limit, task);
    run.fill();
    return run.done.future();
  }

  private void fill() {
    while (failure == null && inFlight < limit && next < items.size()) {
      int index = next++;
      inFlight++;
      Future<R> f;
      try {
        f = task.apply(items.get(index));
      } catch (RuntimeException e) {
        f = Future.failedFuture(e);
      }
      f.onComplete(ar -> {
        inFlight--;
        if (ar.succeeded()) {
          results[index] = ar.result();
        } else if (failure == null) {
          failure = ar.cause();
        }
        fill();
      });
    }
    if (inFlight == 0 && (failure != null || next == items.size())) {
      finish();
    }
  }

  @SuppressWarnings("unchecked")
  private void finish() {
    if (failure != null) {
      done.tryFail(failure);
    } else {
      done.tryComplete((List<R>) Arrays.asList(results.clone()));
    }
  }
}
