package io.dfs.datanode.http;

import io.dfs.common.config.TlsConfig;
import io.dfs.common.error.DfsException;
import io.dfs.common.error.ErrorCode;
import io.dfs.common.http.AccessLogHandler;
import io.dfs.common.http.HttpErrors;
import io.dfs.common.http.HttpServers;
import io.dfs.common.metrics.MetricsEndpoint;
import io.dfs.common.metrics.ServerMetrics;
import io.dfs.common.security.TokenVerifier;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.function.BooleanSupplier;

/**
 * Health, readiness and metrics over HTTP on the config's httpPort:
 * {@code GET /health} 200 {@code {"status":"up"}} while the process serves;
 * {@code GET /ready} 200 {@code {"status":"ready","nodeId"}} once the store is open and meta has
 * admitted the node, else 503 {@code {"error":"unavailable","message"}};
 * {@code GET /metrics} in the Prometheus text format for tokens with role {@code metrics} or
 * {@code admin} ({@link MetricsEndpoint}).
 */
public final class DatanodeHttpVerticle extends VerticleBase {
  private final String host;
  private final int port;
  private final String nodeId;
  private final BooleanSupplier ready;
  private final TokenVerifier verifier;
  private final ServerMetrics metrics;
  private final TlsConfig tls;
  private HttpServer server;

  public DatanodeHttpVerticle(String host, int port, String nodeId, BooleanSupplier ready, TokenVerifier verifier,
      ServerMetrics metrics, TlsConfig tls) {
    this.tls = tls;
    this.host = host;
    this.port = port;
    this.nodeId = nodeId;
    this.ready = ready;
    this.verifier = verifier;
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.route().handler(new AccessLogHandler());
    router.get("/health").handler(ctx -> ctx.json(new JsonObject().put("status", "up")));
    router.get("/ready").handler(ctx -> {
      if (ready.getAsBoolean()) {
        ctx.json(new JsonObject().put("status", "ready").put("nodeId", nodeId));
      } else {
        HttpErrors.send(ctx, new DfsException(ErrorCode.UNAVAILABLE, "node " + nodeId + " has not joined meta yet"));
      }
    });
    MetricsEndpoint.install(router, verifier, metrics);
    HttpErrors.install(router);
    server = HttpServers.create(vertx, tls, ClientAuth.NONE, router);
    return server.listen(port, host);
  }

  /** The port it listens on; valid once deployed. */
  public int actualPort() {
    return server.actualPort();
  }
}
