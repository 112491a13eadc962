package io.dfs.common.metrics;

import io.dfs.common.http.BearerAuth;
import io.dfs.common.security.Roles;
import io.dfs.common.security.TokenVerifier;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Supplier;

/**
 * {@code GET /metrics}: a server's registry in the Prometheus text format, for tokens with role
 * {@code metrics} (a scraper's) or {@code admin}; no or a bad token is 401, another role 403.
 */
public final class MetricsEndpoint implements Handler<RoutingContext> {
  public static final String PATH = "/metrics";
  /** The Prometheus text exposition format the registry writes. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
  /** The roles that may read the metrics. */
  public static final String[] ROLES = {Roles.METRICS, Roles.ADMIN};

  private final ServerMetrics metrics;
  private final Supplier<Future<?>> beforeScrape;

  private MetricsEndpoint(ServerMetrics metrics, Supplier<Future<?>> beforeScrape) {
    this.metrics = metrics;
    this.beforeScrape = beforeScrape;
  }

  /** Serves {@code metrics} on {@link #PATH} behind {@code verifier}. */
  public static void install(Router router, TokenVerifier verifier, ServerMetrics metrics) {
    install(router, BearerAuth.requiring(verifier, ROLES), metrics, Future::succeededFuture);
  }

  /**
   * Serves {@code metrics} on {@link #PATH} behind {@code guard}, which admits a request or fails
   * it. {@code beforeScrape} runs first on the event loop, for values only an asynchronous call can
   * bring up to date (meta's census of the namespace); the scrape waits for it.
   */
  public static void install(Router router, Handler<RoutingContext> guard, ServerMetrics metrics,
      Supplier<Future<?>> beforeScrape) {
    router.get(PATH).handler(guard).handler(new MetricsEndpoint(metrics, beforeScrape));
  }

  @Override
  public void handle(RoutingContext ctx) {
    // A scrape reads every meter, some through system calls: a worker's job, not the event loop's.
    beforeScrape.get()
        .compose(v -> ctx.vertx().executeBlocking(metrics::scrape, false))
        .onSuccess(text -> ctx.response()
            .putHeader("Content-Type", CONTENT_TYPE)
            .putHeader("Cache-Control", "no-store")
            .end(text))
        .onFailure(ctx::fail);
  }
}
