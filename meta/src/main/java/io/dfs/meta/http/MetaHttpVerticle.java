package io.dfs.meta.http;

import io.dfs.common.http.AccessLogHandler;
import io.dfs.common.http.HttpServers;
import io.vertx.core.http.ClientAuth;
import io.dfs.common.config.MetaConfig;
import io.dfs.common.security.Roles;
import io.dfs.meta.MetaServices;
import io.dfs.meta.placement.BlockSizing;
import io.dfs.meta.placement.Placement;
import io.dfs.meta.placement.ReplicaLocator;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The client API of docs/PROTOCOL.md on {@code clientPort}: files (create, commit, lookup, list,
 * delete) for tokens with role {@code user} or {@code admin}; the cluster state
 * ({@code GET /api/v1/cluster}) and the status page's data ({@code GET /status.json}, the same
 * JSON) for {@code admin} only; and, without a token, the status page ({@code GET /}, which asks
 * for an admin token), {@code /metrics}, {@code /health} and {@code /ready}.
 */
public final class MetaHttpVerticle extends VerticleBase {
  /** Largest request body on the client API. */
  public static final long BODY_LIMIT = 1024 * 1024;
  /**
   * Largest commit body: a file's every block id, length and checksum, about 90 bytes each for up
   * to {@link Placement#MAX_BLOCKS_PER_FILE} blocks.
   */
  public static final long COMMIT_BODY_LIMIT = 8 * 1024 * 1024;

  private final MetaServices services;
  private volatile int port = -1;

  public MetaHttpVerticle(MetaServices services) {
    this.services = services;
  }

  @Override
  public Future<?> start() {
    return vertx.executeBlocking(StatusPage::load)
        .compose(page -> HttpServers.create(vertx, services.config().tls(), ClientAuth.NONE, router(page))
            .listen(services.config().clientPort(), services.config().host()))
        .onSuccess(server -> port = server.actualPort());
  }

  /** The port the client API listens on, once started. */
  public int port() {
    return port;
  }

  private Router router(String statusPage) {
    MetaConfig config = services.config();
    Placement placement = new Placement(new BlockSizing(config.minBlockBytes(), config.maxBlockBytes()),
        config.minReplicas());
    ReplicaLocator locator = new ReplicaLocator(services.replicas());
    ClusterStatus cluster = new ClusterStatus(services, locator);
    FileQueryHandlers queries = new FileQueryHandlers(services, locator);

    Router router = Router.router(vertx);
    router.route().handler(new AccessLogHandler());
    Routes.health(router, services::ready);
    router.get("/").handler(ctx -> ctx.response()
        .putHeader("Content-Type", "text/html; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .end(statusPage));
    router.get("/metrics").handler(ctx -> cluster.metrics()
        .onSuccess(text -> ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4").end(text))
        .onFailure(ctx::fail));

    Routes.protect(router, "/v1/*", services.verifier(), Roles.USER, Roles.ADMIN);
    // Node details are an operator's business, under either name.
    Routes.protect(router, "/api/*", services.verifier(), Roles.ADMIN);
    Routes.protect(router, "/status.json", services.verifier(), Roles.ADMIN);
    // The first body handler a request meets reads the body; later ones step aside.
    router.post("/v1/files/:id/commit").handler(BodyHandler.create(false).setBodyLimit(COMMIT_BODY_LIMIT));
    router.route("/v1/*").handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT));
    router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT));
    router.route("/status.json").handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT));
    router.post("/v1/files").handler(new FileCreateHandler(services, placement));
    router.post("/v1/files/:id/commit").handler(new FileCommitHandler(vertx, services, placement, locator));
    router.get("/v1/files").handler(queries::list);
    router.get("/v1/files/:ref").handler(queries::lookup);
    router.delete("/v1/files/:ref").handler(queries::delete);
    router.get("/api/v1/cluster").handler(ctx -> sendJson(ctx, cluster));
    router.get("/status.json").handler(ctx -> sendJson(ctx, cluster));
    router.post("/v1/blocks/:blockId/bad").handler(new BadReplicaHandler(services));
    Routes.errors(router);
    return router;
  }

  private static void sendJson(RoutingContext ctx, ClusterStatus cluster) {
    cluster.json().onSuccess(ctx::json).onFailure(ctx::fail);
  }
}
