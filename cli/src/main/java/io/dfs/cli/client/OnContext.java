package io.dfs.cli.client;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Supplier;

/**
 * Starts an asynchronous operation on a Vert.x context. A transfer keeps state (blocks in flight,
 * sinks, counters) touched from many callbacks; started on a context, every connection, file and
 * HTTP request it opens belongs to that context's event loop, so all of those callbacks run on one
 * thread. It also matters for plain request/answer calls: common's {@code JsonHttpClient} driven
 * from a non-Vert.x thread was seen to lose an answer's body about once in 3,000 calls, since the
 * body handler can be set after the body went by.
 *
 * <p>Callers on a Vert.x thread keep their own context. Any other thread gets one context of its
 * own per Vert.x instance and keeps it from call to call (Vert.x 5 would make a new one each time):
 * block connections are kept per context ({@code BlockConnectionPool}), so a thread's next
 * transfer finds the connections its last one left open.
 */
final class OnContext {
  /** Per thread; weak both ways, so neither a closed Vert.x nor an unused context is held. */
  private static final ThreadLocal<Map<Vertx, WeakReference<Context>>> HOMES =
      ThreadLocal.withInitial(WeakHashMap::new);

  private OnContext() {}

  static <T> Future<T> run(Vertx vertx, Supplier<Future<T>> operation) {
    Context context = contextFor(vertx);
    Promise<T> result = Promise.promise();
    context.runOnContext(v -> {
      try {
        operation.get().onComplete(result);
      } catch (RuntimeException e) {
        result.fail(e);
      }
    });
    return result.future();
  }

  private static Context contextFor(Vertx vertx) {
    if (Vertx.currentContext() != null) {
      return vertx.getOrCreateContext();
    }
    Map<Vertx, WeakReference<Context>> homes = HOMES.get();
    WeakReference<Context> kept = homes.get(vertx);
    Context home = kept == null ? null : kept.get();
    if (home == null) {
      home = vertx.getOrCreateContext();
      homes.put(vertx, new WeakReference<>(home));
    }
    return home;
  }
}
