package io.dfs.datanode;

import io.dfs.common.tls.Tls;
import io.dfs.common.wire.BlockConnectionPool;
import io.dfs.common.config.DatanodeConfig;
import io.dfs.common.http.JsonHttpClient;
import io.dfs.common.security.ServiceTokenSource;
import io.dfs.common.security.BlockTokenVerifier;
import io.dfs.common.security.TokenVerifier;
import io.dfs.datanode.http.DatanodeHttpVerticle;
import io.dfs.common.metrics.ServerMetrics;
import io.dfs.common.log.SocketTransport;
import io.dfs.datanode.http.DatanodeMeters;
import io.dfs.datanode.wire.BlockRequestMeters;
import io.dfs.datanode.membership.BlockReportSender;
import io.dfs.datanode.membership.MetaLink;
import io.dfs.datanode.store.BlockStore;
import io.dfs.datanode.store.Scrubber;
import io.dfs.datanode.store.Space;
import io.dfs.datanode.wire.BlockCounters;
import io.dfs.datanode.store.NodeIdentity;
import io.dfs.datanode.wire.BlockServerVerticle;
import io.dfs.datanode.wire.BlockKeys;
import io.dfs.datanode.wire.BlockService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A data node in this process: its block store, the block protocol listener, health over HTTP, and
 * its membership with meta. Used by {@link DatanodeMain} and, in-process, by test clusters.
 *
 * <p>{@link #start} opens the store (on a worker), loads auth's signing keys (retrying while auth is
 * not up yet, for up to {@link #AUTH_PATIENCE}), listens, and then starts the membership; it
 * completes once the node listens, so its real port is known and advertised in the JOIN. Joining
 * goes on in the background until meta answers; {@link #joined()} (and {@code /ready}) tell when.
 */
public final class DatanodeServer {
  private static final Logger LOG = LoggerFactory.getLogger(DatanodeServer.class);
  /** How long start-up waits for auth's signing keys. */
  public static final Duration AUTH_PATIENCE = Duration.ofSeconds(60);
  static final long AUTH_RETRY_MS = 500;
  static final int DISK_THREADS = 8;
  static final int PEER_CONNECT_TIMEOUT_MS = 5000;
  /**
   * Idle connections kept to each peer. The node's one block context serves every client, so its
   * pipelines to a peer run as many at once as all clients' blocks; a client keeps only its own few.
   */
  static final int PEER_IDLE_CONNECTIONS = 64;
  /** How often the file system's free space is sampled for placement and reservations. */
  static final long SPACE_SAMPLE_MS = 2_000;
  private static final AtomicInteger INSTANCES = new AtomicInteger();

  private final Vertx vertx;
  private final DatanodeConfig config;
  private final ServerMetrics metrics;
  private WorkerExecutor disk;
  private JsonHttpClient http;
  private NetClient peers;
  private BlockConnectionPool peerConnections;
  private String nodeId;
  private BlockStore store;
  private MetaLink link;
  private int port;
  private int httpPort;
  private String blockDeployment;
  private String httpDeployment;
  private String linkDeployment;
  private boolean heartbeatsPaused;
  private long spaceSampler = -1;
  private volatile BlockCounters counters;
  private volatile BlockService service;
  private volatile Scrubber scrubber;

  private DatanodeServer(Vertx vertx, DatanodeConfig config, ServerMetrics metrics) {
    this.vertx = vertx;
    this.config = config;
    this.metrics = metrics;
  }

  /**
   * Starts a data node on {@code vertx}. Fails (having released what it opened) if the store cannot
   * be opened, the secret file read, auth's keys loaded in time, or a port bound.
   */
  public static Future<DatanodeServer> start(Vertx vertx, DatanodeConfig config) {
    return start(vertx, config, ServerMetrics.create("datanode"));
  }

  /** As {@link #start(Vertx, DatanodeConfig)}, serving {@code metrics}, the registry {@code vertx} reports into. */
  public static Future<DatanodeServer> start(Vertx vertx, DatanodeConfig config, ServerMetrics metrics) {
    DatanodeServer server = new DatanodeServer(vertx, config, metrics);
    return server.boot()
        .map(server)
        .recover(e -> server.stop().transform(ignored -> Future.failedFuture(e)));
  }

  private record Opened(String nodeId, BlockStore store, String secret, long capacityBytes, long usableBytes) {}

  private Future<Void> boot() {
    disk = vertx.createSharedWorkerExecutor("dfs-datanode-disk-" + INSTANCES.incrementAndGet(), DISK_THREADS);
    http = new JsonHttpClient(vertx, Duration.ofSeconds(5), Duration.ofSeconds(30), config.tls());
    peers = vertx.createNetClient(Tls.client(
        new NetClientOptions().setConnectTimeout(PEER_CONNECT_TIMEOUT_MS).setTcpNoDelay(true), config.tls()));
    peerConnections = new BlockConnectionPool(vertx, peers, BlockConnectionPool.IDLE_MS, PEER_IDLE_CONNECTIONS);
    Path dataDir = Path.of(config.dataDir());
    return disk.executeBlocking(() -> {
          String id = NodeIdentity.loadOrCreate(dataDir, config.nodeName());
          BlockStore s = BlockStore.open(dataDir, config.fsync(), config.directIo());
          String secret = ServiceTokenSource.readSecret(config.secretFile());
          long usable = s.usableBytes();
          long capacity = config.capacityBytes() > 0 ? config.capacityBytes() : s.usedBytes() + usable;
          return new Opened(id, s, secret, capacity, usable);
        }, false)
        .compose(opened -> {
          nodeId = opened.nodeId();
          store = opened.store();
          ServiceTokenSource tokens = new ServiceTokenSource(http, config.authUrl(), config.serviceAccount(),
              opened.secret());
          BlockReportSender reports = new BlockReportSender();
          Space space = new Space(opened.capacityBytes(), store::usedBytes, opened.usableBytes());
          spaceSampler = vertx.setPeriodic(SPACE_SAMPLE_MS, t -> disk.executeBlocking(store::usableBytes, false)
              .onSuccess(space::refresh));
          // Meta hands its block-token secret only to a data node's token.
          BlockKeys blockKeys = new BlockKeys(
              () -> BlockTokenVerifier.fromMeta(vertx, http, config.metaUrl(), tokens::token));
          return loadVerifier(System.nanoTime() + AUTH_PATIENCE.toNanos(), 1)
              .compose(verifier -> {
                BlockService blocks = new BlockService(vertx, config, nodeId, store, disk, verifier, blockKeys,
                    peerConnections, reports, space, tokens::token, new BlockRequestMeters(metrics.registry()));
                return listen(blocks, space, new Scrubber(vertx, store, disk, config, reports, blocks.counters()));
              })
              .compose(service -> {
                this.service = service;
                counters = service.counters();
                scrubber.start();
                link = new MetaLink(config, nodeId, store, disk, http, tokens, reports, port, httpPort, space,
                    blockKeys::forget);
                link.pauseHeartbeats(heartbeatsPaused);
                return vertx.deployVerticle(link).map(id -> linkDeployment = id);
              });
        })
        .onSuccess(v -> LOG.info(
            "event=started node={} host={} port={} httpPort={} blocks={} usedBytes={} transport={}", nodeId,
            config.host(), port, httpPort, store.blockCount(), store.usedBytes(), SocketTransport.of(vertx)))
        .mapEmpty();
  }

  /** Auth's keys; retried while auth is not up yet, since servers are often started together. */
  private Future<TokenVerifier> loadVerifier(long deadlineNanos, int attempt) {
    return TokenVerifier.fromAuthServer(vertx, http, config.authUrl(), config.issuer(), config.audience())
        .recover(e -> {
          if (System.nanoTime() - deadlineNanos >= 0) {
            return Future.failedFuture(new IllegalStateException("cannot load auth's signing keys from "
                + config.authUrl() + " within " + AUTH_PATIENCE.toSeconds() + " s: " + e.getMessage()));
          }
          if (attempt == 1) {
            LOG.info("event=auth_wait authUrl={} reason=\"{}\"", config.authUrl(), e.getMessage());
          }
          return vertx.timer(AUTH_RETRY_MS, TimeUnit.MILLISECONDS)
              .compose(t -> loadVerifier(deadlineNanos, attempt + 1));
        });
  }

  private Future<BlockService> listen(BlockService service, Space space, Scrubber scrub) {
    scrubber = scrub;
    DatanodeMeters.register(metrics.registry(), store, service.counters(), space, this::joined, scrub,
        service::openConnections);
    BlockServerVerticle blocks = new BlockServerVerticle(service);
    return vertx.deployVerticle(blocks)
        .compose(id -> {
          blockDeployment = id;
          port = blocks.actualPort();
          DatanodeHttpVerticle health = new DatanodeHttpVerticle(config.host(), config.httpPort(), nodeId,
              this::ready, service.verifier(), metrics, config.tls());
          return vertx.deployVerticle(health).map(hid -> {
            httpDeployment = hid;
            httpPort = health.actualPort();
            return service;
          });
        });
  }

  /** This node's id (from node.json); valid once started. */
  public String nodeId() {
    return nodeId;
  }

  /** The block protocol port it listens on. */
  public int port() {
    return port;
  }

  /** The health and metrics port it listens on. */
  public int httpPort() {
    return httpPort;
  }

  /** Ready to serve: the store is open (it is from start) and meta has admitted the node. */
  private boolean ready() {
    return store != null && joined();
  }

  /** Whether meta has admitted this node (and not asked it to join again since). */
  public boolean joined() {
    return link != null && link.joined();
  }

  /** Block protocol connections open now; valid once started. */
  public int openBlockConnections() {
    return service.openConnections();
  }

  /** What the block server has done; valid once started. */
  public BlockCounters counters() {
    return counters;
  }

  /** The block store, for tests that look at or damage replicas on disk. */
  public BlockStore store() {
    return store;
  }

  /** Stops (or resumes) heartbeats while the node keeps serving: how meta sees a stalled node. */
  public void pauseHeartbeats(boolean paused) {
    heartbeatsPaused = paused;
    if (link != null) {
      link.pauseHeartbeats(paused);
    }
  }

  /**
   * Stops the membership, then the listeners, and releases the clients and the disk pool; completes
   * when all are closed. The store needs no closing: every write is durable before it is answered.
   */
  public Future<Void> stop() {
    if (spaceSampler >= 0) {
      vertx.cancelTimer(spaceSampler);
    }
    if (scrubber != null) {
      scrubber.stop();
    }
    return undeploy(linkDeployment)
        .eventually(() -> undeploy(httpDeployment))
        .eventually(() -> undeploy(blockDeployment))
        .eventually(() -> {
          if (peerConnections != null) {
            peerConnections.close();
          }
          return peers == null ? Future.succeededFuture() : peers.close();
        })
        .eventually(() -> http == null ? Future.succeededFuture() : http.close())
        .eventually(() -> disk == null ? Future.succeededFuture() : disk.close())
        .onComplete(ar -> LOG.info("event=stopped node={} dataDir={}", nodeId, config.dataDir()))
        .mapEmpty();
  }

  private Future<Void> undeploy(String deployment) {
    return deployment == null ? Future.succeededFuture() : vertx.undeploy(deployment);
  }
}
