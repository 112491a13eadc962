package io.dfs.common.http;

import io.dfs.common.log.LogText;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One debug line per request with its status and latency; silent unless debug is on. Install it
 * as a router's first handler so that it sees every request, refused ones too.
 */
public final class AccessLogHandler implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger(AccessLogHandler.class);

  @Override
  public void handle(RoutingContext ctx) {
    if (LOG.isDebugEnabled()) {
      long start = System.nanoTime();
      ctx.addEndHandler(ar -> LOG.debug("event=http method={} path={} status={} ms={}",
          ctx.request().method(), LogText.oneLine(ctx.request().path()), ctx.response().getStatusCode(),
          (System.nanoTime() - start) / 1_000_000));
    }
    ctx.next();
  }
}
