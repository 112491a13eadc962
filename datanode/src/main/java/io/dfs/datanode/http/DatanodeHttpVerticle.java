package io.dfs.datanode.http;

import io.dfs.common.http.HttpErrors;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.function.BooleanSupplier;

/** Health and readiness over HTTP: live once listening, ready once joined to meta. */
public final class DatanodeHttpVerticle extends VerticleBase {
  private final String host;
  private final int port;
  private final String nodeId;
  private final BooleanSupplier joined;
  private HttpServer server;

  public DatanodeHttpVerticle(String host, int port, String nodeId, BooleanSupplier joined) {
    this.host = host;
    this.port = port;
    this.nodeId = nodeId;
    this.joined = joined;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.get("/health").handler(ctx -> ctx.json(new JsonObject().put("status", "up").put("nodeId", nodeId)));
    router.get("/ready").handler(ctx -> {
      boolean ready = joined.getAsBoolean();
      ctx.response().setStatusCode(ready ? 200 : 503);
      ctx.json(new JsonObject().put("status", ready ? "ready" : "joining").put("nodeId", nodeId));
    });
    HttpErrors.install(router);
    server = vertx.createHttpServer().requestHandler(router);
    return server.listen(port, host);
  }

  public int actualPort() {
    return server.actualPort();
  }
}
