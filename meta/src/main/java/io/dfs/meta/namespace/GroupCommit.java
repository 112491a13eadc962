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
 * asked for; one round at a time, on the write pool, applies every queued mutation, syncs once for
 * all that succeeded, and only then answers them. Mutations that arrive while a round syncs queue
 * behind it and share the next round's sync, so under load one fsync acknowledges many changes
 * and the rate of changes is not bounded by the rate of fsyncs. Applying a change and syncing it
 * happen in one visit to the write thread: a lone change costs one hand-off there and one back.
 *
 * <p>A mutation must write nothing when it fails: it is answered at once. A failed sync fails
 * every change of its round. At most {@code capacity} changes wait or are being applied; past
 * that a mutation is refused as BUSY instead of growing meta's heap. Futures complete on the
 * caller's context.
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
  /** Changes of the round on the write thread. */
  private int inRound;
  private boolean draining;
  private boolean closed;
  private Promise<Void> idle;

  /**
   * @param pool the one-thread write pool every mutation runs on
   * @param sync run after each round of mutations; null when changes are not synced
   * @param capacity changes that may wait or be applied at once
   */
  GroupCommit(WorkerExecutor pool, Sync sync, int capacity) {
    this.pool = pool;
    this.sync = sync;
    this.capacity = capacity;
  }

  /**
   * Applies {@code mutation} on the write thread, after every mutation asked for before it. The
   * future completes with its result once a sync that ran after it has succeeded (at once without
   * a sync); it fails with the mutation's error, the sync's, BUSY when {@code capacity} changes are
   * ahead of it, or UNAVAILABLE once closed.
   */
  <T> Future<T> submit(Callable<T> mutation) {
    Promise<T> promise = promiseOnCallersContext();
    boolean start;
    synchronized (this) {
      if (closed) {
        return Future.failedFuture(new DfsException(ErrorCode.UNAVAILABLE, "the namespace store is closed"));
      }
      if (queue.size() + inRound >= capacity) {
        return Future.failedFuture(new DfsException(ErrorCode.BUSY,
            "meta has " + capacity + " namespace changes under way; try again"));
      }
      queue.add(new Queued<>(mutation, promise));
      start = !draining;
      draining = true;
    }
    if (start) {
      startRound();
    }
    return promise.future();
  }

  /** Refuses new mutations; completes once every mutation already queued has been answered. */
  Future<Void> close() {
    Promise<Void> done = promiseOnCallersContext();
    synchronized (this) {
      closed = true;
      if (draining) {
        idle = done;
        return done.future();
      }
    }
    done.complete();
    return done.future();
  }

  private static <T> Promise<T> promiseOnCallersContext() {
    ContextInternal context = (ContextInternal) Vertx.currentContext();
    return context != null ? context.promise() : Promise.promise();
  }

  /**
   * One round per task rather than a loop until the queue is empty: under steady load that loop
   * would never end, and Vert.x would report the write thread as blocked.
   */
  private void startRound() {
    Future<Void> round;
    try {
      round = pool.executeBlocking(this::round, false);
    } catch (RuntimeException e) {
      // A closing pool refuses the task outright.
      round = Future.failedFuture(e);
    }
    round.onFailure(this::abandon);
  }

  private Void round() {
    List<Queued<?>> round;
    synchronized (this) {
      round = new ArrayList<>(queue);
      queue.clear();
      inRound = round.size();
    }
    try {
      commit(round);
    } catch (Throwable e) {
      // Whatever went wrong, nobody in the round is left waiting.
      round.forEach(q -> q.promise().tryFail(e));
    } finally {
      boolean again;
      Promise<Void> nowIdle = null;
      synchronized (this) {
        inRound = 0;
        again = !queue.isEmpty();
        draining = again;
        if (!again) {
          nowIdle = idle;
          idle = null;
        }
      }
      if (again) {
        startRound();
      } else if (nowIdle != null) {
        nowIdle.complete();
      }
    }
    return null;
  }

  private void commit(List<Queued<?>> round) {
    List<Runnable> answers = new ArrayList<>(round.size());
    List<Promise<?>> applied = new ArrayList<>(round.size());
    for (Queued<?> q : round) {
      apply(q, answers, applied);
    }
    Throwable syncFailure = null;
    if (sync != null && !applied.isEmpty()) {
      try {
        sync.run();
      } catch (Throwable e) {
        syncFailure = e;
      }
    }
    if (syncFailure == null) {
      answers.forEach(Runnable::run);
    } else {
      for (Promise<?> p : applied) {
        p.tryFail(syncFailure);
      }
    }
  }

  private static <T> void apply(Queued<T> q, List<Runnable> answers, List<Promise<?>> applied) {
    T result;
    try {
      result = q.mutation().call();
    } catch (Throwable e) {
      q.promise().tryFail(e);
      return;
    }
    applied.add(q.promise());
    answers.add(() -> q.promise().tryComplete(result));
  }

  /** The write pool refused a round (Vert.x is closing): fails what waits instead of leaving it. */
  private void abandon(Throwable cause) {
    List<Queued<?>> left;
    Promise<Void> nowIdle;
    synchronized (this) {
      left = new ArrayList<>(queue);
      queue.clear();
      draining = false;
      nowIdle = idle;
      idle = null;
    }
    DfsException e = new DfsException(ErrorCode.UNAVAILABLE, "the namespace store's writer is gone", cause);
    left.forEach(q -> q.promise().tryFail(e));
    if (nowIdle != null) {
      nowIdle.complete();
    }
  }
}
