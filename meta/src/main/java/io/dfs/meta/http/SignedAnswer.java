package io.dfs.meta.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.Callable;

/**
 * Sends an answer that carries a block token per block. An HS256 token costs microseconds, but a
 * file may have {@link io.dfs.meta.placement.Placement#MAX_BLOCKS_PER_FILE} blocks, whose tokens and
 * JSON would hold the event loop for a good fraction of a second; such an answer is made on a worker
 * thread. One of at most {@link #INLINE_BLOCKS} blocks (every small file) is made in place: the
 * hand-off to a worker and back would cost more than the tokens.
 */
final class SignedAnswer {
  static final int INLINE_BLOCKS = 16;

  private SignedAnswer() {}

  static void send(RoutingContext ctx, int blocks, Callable<JsonObject> answer) {
    if (blocks > INLINE_BLOCKS) {
      ctx.vertx().executeBlocking(answer, false).onSuccess(ctx::json).onFailure(ctx::fail);
      return;
    }
    JsonObject json;
    try {
      json = answer.call();
    } catch (Exception e) {
      ctx.fail(e);
      return;
    }
    ctx.json(json);
  }
}
