package io.dfs.meta.http;

import io.dfs.common.http.HttpErrors;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import io.vertx.core.json.JsonObject;
import java.util.function.Function;

/**
 * Decodes and validates a request's JSON body. Small bodies are decoded in place; large ones (a
 * full block report, the commit of a file with many blocks) on a worker thread, so a multi-megabyte
 * decode never stalls an event loop.
 */
public final class JsonBodies {
  /** Bodies up to this many bytes are decoded on the event loop. */
  static final int INLINE_BYTES = 256 * 1024;

  private JsonBodies() {}

  /** The body decoded as a JSON object and turned into a request by {@code parser}; BAD_REQUEST if it is not one. */
  public static <T> Future<T> parse(Vertx vertx, RoutingContext ctx, Function<JsonObject, T> parser) {
    if (ctx.body().length() <= INLINE_BYTES) {
      try {
        return Future.succeededFuture(parser.apply(HttpErrors.jsonBody(ctx)));
      } catch (RuntimeException e) {
        return Future.failedFuture(e);
      }
    }
    return vertx.executeBlocking(() -> parser.apply(HttpErrors.jsonBody(ctx)), false);
  }
}
