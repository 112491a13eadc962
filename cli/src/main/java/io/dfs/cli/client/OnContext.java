package io.dfs.cli.client;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.function.Supplier;

/**
 * Starts an asynchronous operation on a Vert.x context. A transfer keeps state (blocks in flight,
 * sinks, counters) touched from many callbacks; started on a context, every connection, file and
 * HTTP request it opens belongs to that context's event loop, so all of those callbacks run on one
 * thread. It also matters for plain request/answer calls: common's {@code JsonHttpClient} driven
 * from a non-Vert.x thread was seen to lose an answer's body about once in 3,000 calls, since the
 * body handler can be set after the body went by. Callers on a Vert.x thread keep their own
 * context; others (a CLI's main thread, a test) get one.
 */
final class OnContext {
  private OnContext() {}

  static <T> Future<T> run(Vertx vertx, Supplier<Future<T>> operation) {
    Context context = vertx.getOrCreateContext();
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
}
