package io.dfs.auth.http;

import io.vertx.core.http.ClientAuth;
import io.dfs.common.http.HttpServers;
import io.dfs.common.config.TlsConfig;
import io.dfs.auth.keys.SigningKeys;
import io.dfs.auth.login.LoginDecider;
import io.dfs.auth.login.LoginThrottle;
import io.dfs.common.http.AccessLogHandler;
import io.dfs.common.http.HttpErrors;
import io.dfs.common.metrics.MetricsEndpoint;
import io.dfs.common.metrics.ServerMetrics;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The auth server's HTTP listener: {@code POST /v1/token} ({@link TokenHandler}),
 * {@code POST /v1/keys/rotate} (admin token only, {@link KeyRotateHandler}),
 * {@code POST /v1/tokens/metrics} (admin token only, {@link MetricsTokenHandler}),
 * {@code GET /.well-known/jwks.json} (the keys published at the moment of the request),
 * {@code GET /metrics} (role {@code metrics} or {@code admin}), {@code GET /health} and
 * {@code GET /ready}. Errors are answered by common's {@link HttpErrors}.
 * Deployed only once the keys are loaded and self-tested, so a server that listens is ready.
 *
 * <p>{@code start()} completes when the server listens; undeploying closes the listener and the
 * password worker pool.
 */
public final class AuthHttpVerticle extends VerticleBase {
  /** Largest token request body; a login is a few hundred bytes. Larger bodies get 413. */
  public static final int MAX_BODY_BYTES = 16 * 1024;
  /** A rotation takes no body, a scrape token's request a lifetime; anything beyond this gets 413. */
  static final int MAX_ROTATE_BODY_BYTES = 1024;
  /** Worker pool for password hashing, sized to bound memory (each check takes 19 MiB). */
  static final String PASSWORD_POOL = "dfs-auth-passwords";
  static final int PASSWORD_THREADS = 4;

  private final TlsConfig tls;
  private final String host;
  private final int port;
  private final LoginThrottle throttle;
  private final LoginDecider decider;
  private final SigningKeys keys;
  private final ServerMetrics metrics;
  private final Duration metricsTokenMaxTtl;
  private WorkerExecutor passwordPool;
  private HttpServer server;

  /**
   * @param host address to bind
   * @param port port to bind; 0 picks a free one (see {@link #actualPort()})
   */
  public AuthHttpVerticle(String host, int port, LoginThrottle throttle, LoginDecider decider, SigningKeys keys,
      TlsConfig tls, ServerMetrics metrics, Duration metricsTokenMaxTtl) {
    this.metrics = metrics;
    this.metricsTokenMaxTtl = metricsTokenMaxTtl;
    this.tls = tls;
    this.host = host;
    this.port = port;
    this.throttle = throttle;
    this.decider = decider;
    this.keys = keys;
  }

  @Override
  public Future<?> start() {
    passwordPool = vertx.createSharedWorkerExecutor(PASSWORD_POOL, PASSWORD_THREADS, 10, TimeUnit.SECONDS);
    Router router = Router.router(vertx);
    router.route().handler(new AccessLogHandler());
    router.post("/v1/token")
        .handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES))
        .handler(new TokenHandler(throttle, decider, keys, passwordPool));
    router.post("/v1/keys/rotate")
        .handler(BodyHandler.create(false).setBodyLimit(MAX_ROTATE_BODY_BYTES))
        .handler(RoleTokenCheck.admin(keys, "rotate_keys"))
        .handler(new KeyRotateHandler(keys));
    router.post("/v1/tokens/metrics")
        .handler(BodyHandler.create(false).setBodyLimit(MAX_ROTATE_BODY_BYTES))
        .handler(RoleTokenCheck.admin(keys, "issue_metrics_token"))
        .handler(new MetricsTokenHandler(keys, metricsTokenMaxTtl));
    MetricsEndpoint.install(router, RoleTokenCheck.polled(keys, "read_metrics", MetricsEndpoint.ROLES), metrics,
        Future::succeededFuture);
    // Not cached: a rotation changes the set, and tokens with the new kid are issued at once.
    router.get("/.well-known/jwks.json").handler(ctx -> ctx.response()
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-cache")
        .end(keys.jwksDocument().toBuffer()));
    router.get("/health").handler(ctx -> ctx.json(new JsonObject().put("status", "up")));
    router.get("/ready").handler(ctx -> ctx.json(new JsonObject().put("status", "ready")));
    HttpErrors.install(router);
    return HttpServers.create(vertx, tls, ClientAuth.NONE, router)
        .listen(port, host)
        .onSuccess(s -> server = s)
        .recover(e -> Future.failedFuture(
            new IllegalStateException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e)));
  }

  @Override
  public Future<?> stop() {
    return passwordPool == null ? Future.succeededFuture() : passwordPool.close();
  }

  /** The bound port; valid once {@code start()} has completed. */
  public int actualPort() {
    return server.actualPort();
  }
}
