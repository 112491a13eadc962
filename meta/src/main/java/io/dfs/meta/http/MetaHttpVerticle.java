package io.dfs.meta.http;

import io.dfs.common.config.MetaConfig;
import io.dfs.common.http.AccessLogHandler;
import io.dfs.common.http.BearerAuth;
import io.dfs.common.http.HttpServers;
import io.dfs.common.metrics.MetricsEndpoint;
import io.dfs.common.security.Roles;
import io.dfs.common.security.ServiceTokenSource;
import io.dfs.meta.MetaServices;
import io.dfs.meta.metrics.MetaMeters;
import io.dfs.meta.placement.BlockSizing;
import io.dfs.meta.placement.Placement;
import io.dfs.meta.placement.ReplicaLocator;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.ClientAuth;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The client API of docs/PROTOCOL.md on {@code clientPort}: files (create, commit, lookup, list,
 * delete) for tokens with role {@code user} or {@code admin}; the cluster state
 * ({@code GET /api/v1/cluster}, also as {@code GET /status.json}) and recent events
 * ({@code GET /api/v1/events}) for {@code admin} only; {@code /metrics} for {@code metrics} or
 * {@code admin}; and, without a token, the status page's files ({@code GET /}, static, from
 * {@value #WEBROOT} on the classpath), its login ({@code POST /api/v1/login}, forwarded to auth),
 * {@code /health} and {@code /ready}.
 */
public final class MetaHttpVerticle extends VerticleBase {
  /** Largest request body on the client API. */
  public static final long BODY_LIMIT = 1024 * 1024;
  /**
   * Largest commit body: a file's every block id, length and checksum, about 90 bytes each for up
   * to {@link Placement#MAX_BLOCKS_PER_FILE} blocks.
   */
  public static final long COMMIT_BODY_LIMIT = 8 * 1024 * 1024;

  /** Where the status page's files are on the classpath. */
  static final String WEBROOT = "io/dfs/meta/webroot";

  private final MetaServices services;
  private final ServiceTokenSource serviceTokens;
  private final MetaMeters meters;
  private volatile int port = -1;

  /**
   * @param serviceTokens meta's own login, which vouches for the addresses of forwarded logins
   * @param meters meta's own meters, brought up to date before each scrape
   */
  public MetaHttpVerticle(MetaServices services, ServiceTokenSource serviceTokens, MetaMeters meters) {
    this.services = services;
    this.serviceTokens = serviceTokens;
    this.meters = meters;
  }

  @Override
  public Future<?> start() {
    return HttpServers.create(vertx, services.config().tls(), ClientAuth.NONE, router())
        .listen(services.config().clientPort(), services.config().host())
        .onSuccess(server -> port = server.actualPort());
  }

  /** The port the client API listens on, once started. */
  public int port() {
    return port;
  }

  private Router router() {
    MetaConfig config = services.config();
    Placement placement = new Placement(new BlockSizing(config.minBlockBytes(), config.maxBlockBytes()),
        config.minReplicas());
    ReplicaLocator locator = new ReplicaLocator(services.replicas());
    ClusterStatus cluster = new ClusterStatus(services, locator);
    FileQueryHandlers queries = new FileQueryHandlers(services, locator);

    Router router = Router.router(vertx);
    router.route().handler(new AccessLogHandler());
    Routes.health(router, services::ready);
    MetricsEndpoint.install(router, BearerAuth.requiring(services.verifier(), MetricsEndpoint.ROLES),
        services.metrics(), () -> cluster.census().transform(ar -> {
          // A census that failed (the store is closing) leaves its gauges empty, not the scrape.
          meters.refresh(ar.succeeded() ? ar.result() : null);
          return Future.succeededFuture();
        }));

    // Before the guard on /api/*: logging in is how a page without a token gets one.
    router.post("/api/v1/login")
        .handler(BodyHandler.create(false).setBodyLimit(LoginForwarder.BODY_LIMIT))
        .handler(new LoginForwarder(vertx, config.authUrl(), config.tls(), serviceTokens));

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
    router.get("/api/v1/events").handler(new EventsHandler(services.events()));
    router.post("/v1/blocks/:blockId/bad").handler(new BadReplicaHandler(services));
    router.get("/*").handler(StatusPageHeaders::add).handler(StaticHandler.create(WEBROOT).setCachingEnabled(false));
    Routes.errors(router);
    return router;
  }

  private static void sendJson(RoutingContext ctx, ClusterStatus cluster) {
    cluster.json().onSuccess(ctx::json).onFailure(ctx::fail);
  }
}
