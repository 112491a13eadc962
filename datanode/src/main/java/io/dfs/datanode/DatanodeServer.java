package io.dfs.datanode;

import io.dfs.common.config.DatanodeConfig;
import io.dfs.common.http.JsonHttpClient;
import io.dfs.common.security.ServiceTokenSource;
import io.dfs.common.security.TokenVerifier;
import io.dfs.datanode.http.DatanodeHttpVerticle;
import io.dfs.datanode.membership.MetaLink;
import io.dfs.datanode.store.BlockStore;
import io.dfs.datanode.store.NodeIdentity;
import io.dfs.datanode.wire.BlockServerVerticle;
import io.dfs.datanode.wire.BlockService;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.net.NetClientOptions;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A data node: its block store, the block protocol listener, health over HTTP, and its membership
 * with meta. {@link #start} completes once the node listens (so its real port is known before it
 * joins); joining goes on in the background until meta answers.
 */
public final class DatanodeServer {
  private static final Logger LOG = LoggerFactory.getLogger(DatanodeServer.class);
  /** How long start-up waits for auth's signing keys. */
  static final int VERIFIER_ATTEMPTS = 60;

  private final Vertx vertx;
  private final DatanodeConfig config;
  private WorkerExecutor disk;
  private String nodeId;
  private BlockStore store;
  private MetaLink link;
  private JsonHttpClient http;
  private int port;
  private int httpPort;
  private String blockDeployment;
  private String httpDeployment;

  private DatanodeServer(Vertx vertx, DatanodeConfig config) {
    this.vertx = vertx;
    this.config = config;
  }

  public static Future<DatanodeServer> start(Vertx vertx, DatanodeConfig config) {
    DatanodeServer server = new DatanodeServer(vertx, config);
    return server.boot().map(server);
  }

  private record Opened(String nodeId, BlockStore store, String secret) {}

  private Future<Void> boot() {
    disk = vertx.createSharedWorkerExecutor("dfs-datanode-disk-" + System.identityHashCode(this), 8);
    http = new JsonHttpClient(vertx, Duration.ofSeconds(5), Duration.ofSeconds(30));
    Path dataDir = Path.of(config.dataDir());
    return disk.executeBlocking(() -> new Opened(
            NodeIdentity.loadOrCreate(dataDir, config.nodeName()),
            BlockStore.open(dataDir, config.fsync()),
            ServiceTokenSource.readSecret(config.secretFile())), false)
        .compose(opened -> {
          nodeId = opened.nodeId();
          store = opened.store();
          ServiceTokenSource tokens = new ServiceTokenSource(http, config.authUrl(), config.serviceAccount(), opened.secret());
          link = new MetaLink(vertx, config, nodeId, store, disk, http, tokens);
          return verifier(VERIFIER_ATTEMPTS).compose(verifier -> {
            BlockService service = new BlockService(vertx, config, nodeId, store, disk, verifier, tokens,
                vertx.createNetClient(new NetClientOptions().setConnectTimeout(5000).setTcpNoDelay(true)),
                link.events());
            BlockServerVerticle blocks = new BlockServerVerticle(service);
            return vertx.deployVerticle(blocks).map(id -> {
              blockDeployment = id;
              port = blocks.actualPort();
              return null;
            });
          });
        })
        .compose(v -> {
          DatanodeHttpVerticle health = new DatanodeHttpVerticle(config.host(), config.httpPort(), nodeId, this::joined);
          return vertx.deployVerticle(health).map(id -> {
            httpDeployment = id;
            httpPort = health.actualPort();
            return null;
          });
        })
        .compose(v -> link.start(port, httpPort))
        .onSuccess(v -> LOG.info("event=started node={} port={} httpPort={} blocks={}", nodeId, port, httpPort,
            store.blockCount()));
  }

  /** Auth's keys, retried once a second: a node may start before auth does. */
  private Future<TokenVerifier> verifier(int attemptsLeft) {
    return TokenVerifier.fromAuthServer(vertx, http, config.authUrl(), config.issuer(), config.audience())
        .recover(e -> {
          if (attemptsLeft <= 1) {
            return Future.failedFuture(new IllegalStateException("cannot load auth's signing keys from "
                + config.authUrl() + ": " + e.getMessage()));
          }
          Promise<TokenVerifier> retry = Promise.promise();
          vertx.setTimer(1000, t -> verifier(attemptsLeft - 1).onComplete(retry));
          return retry.future();
        });
  }

  public String nodeId() {
    return nodeId;
  }

  public int port() {
    return port;
  }

  public int httpPort() {
    return httpPort;
  }

  public boolean joined() {
    return link != null && link.joined();
  }

  public BlockStore store() {
    return store;
  }

  /** Stops (or resumes) heartbeats while the node keeps serving: how meta sees a stalled node. */
  public void pauseHeartbeats(boolean paused) {
    link.pauseHeartbeats(paused);
  }

  public Future<Void> stop() {
    Future<Void> membership = link == null ? Future.succeededFuture() : link.stop();
    return membership
        .compose(v -> httpDeployment == null ? Future.succeededFuture() : vertx.undeploy(httpDeployment))
        .compose(v -> blockDeployment == null ? Future.succeededFuture() : vertx.undeploy(blockDeployment))
        .eventually(() -> disk.close());
  }
}
