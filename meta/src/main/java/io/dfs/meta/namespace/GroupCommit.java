package io.dfs.meta.namespace;

import io.dfs.common.error.DfsException;
import io.dfs.common.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.internal.ContextInternal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Group commit on the namespace's one write thread. Mutations queue here in the order they are
 * asked for; one drain at a time, on the write pool, applies every queued mutation, syncs once for
 * all that succeeded, and only then answers them. Mutations that arrive while a drain syncs queue
 * behind it and share its next sync, so under load one fsync acknowledges many changes and the
 * rate of changes is not bounded by the rate of fsyncs. Applying a change and syncing it happen
 * in one visit to the write thread: a lone change costs one hand-off there and one back, where a
 * write followed by a separately queued sync cost two of each.
 *
 * <p>A mutation that fails wrote nothing and is answered at once; a failed sync fails every change
 * it would have made durable. The queue is bounded: past {@code capacity} waiting changes a
 * mutation is refused as BUSY instead of growing meta's heap. Futures complete on the caller's
 * context.
 */
final class GroupCommit {
  private record Queued<T>(Callable<T> mutation, Promise<T> promise) {}

  /** The sync that makes every applied change durable; it may throw. */
  interface Sync {
    void run() throws Exception;
  }

  private final WorkerExecutor pool;
  private final Sync sync;
  private final int capacity;
  private final ArrayDeque<Queued<?>> queue = new ArrayDeque<>();
  private boolean draining;
  private boolean closed;
  private Promise<Void> idle;

  /**
   * @param pool the one-thread write pool every mutation runs on
   * @param sync run after each round of mutations; null when changes are not synced
   */
  GroupCommit(WorkerExecutor pool, Sync sync, int capacity) {
    this.pool = pool;
    this.sync = sync;
    this.capacity = capacity;
  }

  /** Applies {@code mutation} on the write thread, after every mutation asked for before it. */
  <T> Future<T> submit(Callable<T> mutation) {
    ContextInternal context = (ContextInternal) Vertx.currentContext();
    Promise<T> promise = context != null ? context.promise() : Promise.promise();
    boolean start;
    synchronized (this) {
      if (closed) {
        return Future.failedFuture(new DfsException(ErrorCode.UNAVAILABLE, "the namespace store is closed"));
      }
      if (queue.size() >= capacity) {
        return Future.failedFuture(new DfsException(ErrorCode.BUSY,
            "meta has " + capacity + " namespace changes waiting; try again"));
      }
      queue.add(new Queued<>(mutation, promise));
      start = !draining;
      draining = true;
    }
    if (start) {
      pool.executeBlocking(this::drain, false);
    }
    return promise.future();
  }

  /** Refuses new mutations; completes once every mutation already queued has been answered. */
  Future<Void> close() {
    synchronized (this) {
      closed = true;
      if (!draining) {
        return Future.succeededFuture();
      }
      if (idle == null) {
        idle = Promise.promise();
      }
      return idle.future();
    }
  }

  private Void drain() {
    while (true) {
      List<Queued<?>> round;
      synchronized (this) {
        if (queue.isEmpty()) {
          draining = false;
          if (idle != null) {
            idle.complete();
          }
          return null;
        }
        round = new ArrayList<>(queue);
        queue.clear();
      }
      List<Runnable> answers = new ArrayList<>(round.size());
      List<Promise<?>> applied = new ArrayList<>(round.size());
      for (Queued<?> q : round) {
        apply(q, answers, applied);
      }
      Throwable syncFailure = null;
      if (sync != null && !applied.isEmpty()) {
        try {
          sync.run();
        } catch (Exception e) {
          syncFailure = e;
        }
      }
      if (syncFailure == null) {
        answers.forEach(Runnable::run);
      } else {
        for (Promise<?> p : applied) {
          p.fail(syncFailure);
        }
      }
    }
  }

  private static <T> void apply(Queued<T> q, List<Runnable> answers, List<Promise<?>> applied) {
    T result;
    try {
      result = q.mutation().call();
    } catch (Throwable e) {
      q.promise().fail(e);
      return;
    }
    applied.add(q.promise());
    answers.add(() -> q.promise().complete(result));
  }
}
