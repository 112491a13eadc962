package io.dfs.meta.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.Callable;

/**
 * Sends an answer that carries a block token per block. Each ES256 signature takes about half a
 * millisecond, so the answer for a file of hundreds of blocks would hold the event loop for a
 * good part of a second; it is made on a worker thread instead.
 */
final class SignedAnswer {
  private SignedAnswer() {}

  static void send(RoutingContext ctx, Callable<JsonObject> answer) {
    ctx.vertx().executeBlocking(answer, false).onSuccess(ctx::json).onFailure(ctx::fail);
  }
}
