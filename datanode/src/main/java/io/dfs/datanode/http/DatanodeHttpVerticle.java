package io.dfs.datanode.http;

import io.dfs.common.http.AccessLogHandler;
import io.dfs.common.http.HttpServers;
import io.dfs.common.config.TlsConfig;
import io.vertx.core.http.ClientAuth;
import io.dfs.common.http.HttpErrors;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.function.BooleanSupplier;

/**
 * Health, readiness and metrics over HTTP on the config's httpPort:
 * {@code GET /health} 200 {@code {"status":"up"}} while the process serves;
 * {@code GET /ready} 200 {@code {"status":"ready","nodeId"}} once joined to meta, else 503
 * {@code {"status":"joining","nodeId"}}; {@code GET /metrics} in the Prometheus text format.
 */
public final class DatanodeHttpVerticle extends VerticleBase {
  private final String host;
  private final int port;
  private final String nodeId;
  private final BooleanSupplier joined;
  private final DatanodeMetrics metrics;
  private final TlsConfig tls;
  private HttpServer server;

  public DatanodeHttpVerticle(String host, int port, String nodeId, BooleanSupplier joined, DatanodeMetrics metrics,
      TlsConfig tls) {
    this.tls = tls;
    this.host = host;
    this.port = port;
    this.nodeId = nodeId;
    this.joined = joined;
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.route().handler(new AccessLogHandler());
    router.get("/health").handler(ctx -> ctx.json(new JsonObject().put("status", "up")));
    router.get("/ready").handler(ctx -> {
      boolean ready = joined.getAsBoolean();
      ctx.response().setStatusCode(ready ? 200 : 503);
      ctx.json(new JsonObject().put("status", ready ? "ready" : "joining").put("nodeId", nodeId));
    });
    router.get("/metrics").handler(ctx -> ctx.response()
        .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
        .end(metrics.render()));
    HttpErrors.install(router);
    server = HttpServers.create(vertx, tls, ClientAuth.NONE, router);
    return server.listen(port, host);
  }

  /** The port it listens on; valid once deployed. */
  public int actualPort() {
    return server.actualPort();
  }
}
