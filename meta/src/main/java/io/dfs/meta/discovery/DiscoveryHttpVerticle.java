package io.dfs.meta.discovery;

import io.dfs.common.http.AccessLogHandler;
import io.dfs.common.http.BearerAuth;
import io.dfs.common.http.HttpServers;
import io.dfs.common.security.BlockTokens;
import io.vertx.core.http.ClientAuth;
import io.dfs.common.security.Roles;
import io.dfs.meta.MetaServices;
import io.dfs.meta.http.Routes;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The discovery API of docs/PROTOCOL.md on {@code discoveryPort}, for data node tokens (role
 * {@code datanode}; any other token gets 403): JOIN with a full block report, incremental block
 * reports, and meta's block-token secret ({@link BlockKeysHandler}). Also {@code /health} and
 * {@code /ready}.
 */
public final class DiscoveryHttpVerticle extends VerticleBase {
  /** Largest body: a JOIN carries a node's full block report (about 80 bytes per replica). */
  public static final long BODY_LIMIT = 64L * 1024 * 1024;

  private final MetaServices services;
  private final int heartbeatPort;
  private volatile int port = -1;

  /** @param heartbeatPort the UDP port joined nodes are told to send heartbeats to */
  public DiscoveryHttpVerticle(MetaServices services, int heartbeatPort) {
    this.services = services;
    this.heartbeatPort = heartbeatPort;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.route().handler(new AccessLogHandler());
    Routes.health(router, services::ready);
    router.get(BlockTokens.KEYS_PATH)
        .handler(BearerAuth.requiring(services.verifier(), Roles.DATANODE))
        .handler(new BlockKeysHandler(services.blockTokens()));
    Routes.protect(router, "/v1/*", services.verifier(), Roles.DATANODE);
    router.route("/v1/*").handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT));
    router.post("/v1/nodes/join").handler(new JoinHandler(vertx, services, heartbeatPort));
    router.post("/v1/nodes/:nodeId/blocks").handler(new BlockReportHandler(vertx, services));
    Routes.errors(router);
    // Only data nodes use this port: with TLS, each must show a certificate from the cluster's CA.
    return HttpServers.create(vertx, services.config().tls(), ClientAuth.REQUIRED, router)
        .listen(services.config().discoveryPort(), services.config().host())
        .onSuccess(server -> port = server.actualPort());
  }

  /** The port the discovery API listens on, once started. */
  public int port() {
    return port;
  }
}
