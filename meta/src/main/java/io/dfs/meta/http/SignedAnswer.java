package io.dfs.meta.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.Callable;

/**
 * Sends an answer that carries a block token per block. An HS256 token costs microseconds, but a
 * file may have {@link io.dfs.meta.placement.Placement#MAX_BLOCKS_PER_FILE} blocks, whose tokens and
 * JSON would hold the event loop for a good fraction of a second; it is made on a worker thread
 * instead.
 */
final class SignedAnswer {
  private SignedAnswer() {}

  static void send(RoutingContext ctx, Callable<JsonObject> answer) {
    ctx.vertx().executeBlocking(answer, false).onSuccess(ctx::json).onFailure(ctx::fail);
  }
}
