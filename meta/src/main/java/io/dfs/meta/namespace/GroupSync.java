package io.dfs.meta.namespace;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Group commit: callers that wrote without a sync wait here for one sync that starts after their
 * write. One sync runs at a time; everyone who asks while it runs shares the next one, so under
 * load a sync answers many writes and the rate of changes is not bounded by the rate of fsyncs.
 * Each caller's future completes on its own context.
 */
final class GroupSync {
  private final Supplier<Future<Void>> sync;
  private List<Promise<Void>> waiting = new ArrayList<>();
  private boolean syncing;

  /** @param sync starts one sync (queued after every write already made) */
  GroupSync(Supplier<Future<Void>> sync) {
    this.sync = sync;
  }

  /** Completes after a sync that began after this call. */
  Future<Void> next() {
    ContextInternal context = (ContextInternal) Vertx.currentContext();
    Promise<Void> promise = context != null ? context.promise() : Promise.promise();
    boolean start;
    synchronized (this) {
      waiting.add(promise);
      start = !syncing;
      syncing = true;
    }
    if (start) {
      runOne();
    }
    return promise.future();
  }

  private void runOne() {
    List<Promise<Void>> batch;
    synchronized (this) {
      batch = waiting;
      waiting = new ArrayList<>();
    }
    sync.get().onComplete(ar -> {
      batch.forEach(p -> p.handle(ar));
      boolean again;
      synchronized (this) {
        again = !waiting.isEmpty();
        syncing = again;
      }
      if (again) {
        runOne();
      }
    });
  }
}
