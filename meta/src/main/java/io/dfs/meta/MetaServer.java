package io.dfs.meta;

import io.dfs.common.config.MetaConfig;
import io.dfs.common.http.JsonHttpClient;
import io.dfs.common.log.SocketTransport;
import io.dfs.common.metrics.ServerMetrics;
import io.dfs.meta.metrics.MetaMeters;
import io.dfs.common.security.BlockTokenSigner;
import io.dfs.common.security.ServiceTokenSource;
import io.dfs.common.security.TokenVerifier;
import io.dfs.meta.discovery.DiscoveryHttpVerticle;
import io.dfs.meta.events.EventLog;
import io.dfs.meta.gc.BlockReclaimer;
import io.dfs.meta.health.ClusterView;
import io.dfs.meta.health.HeartbeatCounters;
import io.dfs.meta.health.MonotonicClock;
import io.dfs.meta.health.NodeHealthVerticle;
import io.dfs.meta.http.MetaHttpVerticle;
import io.dfs.meta.namespace.NamespaceStore;
import io.dfs.meta.namespace.ReplicaMap;
import io.dfs.meta.placement.PlanTimes;
import io.dfs.meta.repair.RepairCounters;
import io.dfs.meta.repair.ReplicationScheduler;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running meta server inside a given Vert.x instance: namespace store, node health (UDP
 * heartbeats, KeyRing), discovery API, client API with status page, and block reclaimer.
 *
 * <p>{@link #start} completes once every listener is bound (ports configured as 0 are chosen by
 * the OS; the accessors give the actual ones) and fails, having undone what it started, if auth's
 * keys cannot be loaded within {@link #AUTH_PATIENCE}, the secret file cannot be read, the store
 * cannot be opened, or a port cannot be bound. {@link #stop} undeploys everything (closing the
 * store); closing the Vert.x instance has the same effect.
 */
public final class MetaServer {
  private static final Logger LOG = LoggerFactory.getLogger(MetaServer.class);
  /** How long start waits for auth's JWKS. */
  public static final Duration AUTH_PATIENCE = Duration.ofSeconds(30);

  private final Vertx vertx;
  private final MetaConfig config;
  private final ServerMetrics metrics;
  private final List<String> deployments = new CopyOnWriteArrayList<>();
  private JsonHttpClient http;
  private NodeHealthVerticle health;
  private DiscoveryHttpVerticle discovery;
  private MetaHttpVerticle client;
  private volatile boolean stopped;

  private MetaServer(Vertx vertx, MetaConfig config, ServerMetrics metrics) {
    this.vertx = vertx;
    this.config = config;
    this.metrics = metrics;
  }

  /** Starts meta with a registry of its own, without Vert.x's meters (tests that do not scrape them). */
  public static Future<MetaServer> start(Vertx vertx, MetaConfig config) {
    return start(vertx, config, ServerMetrics.create("meta"));
  }

  /** Starts meta serving {@code metrics}, the registry {@code vertx} was built to report into. */
  public static Future<MetaServer> start(Vertx vertx, MetaConfig config, ServerMetrics metrics) {
    MetaServer server = new MetaServer(vertx, config, metrics);
    return server.boot().transform(ar -> {
      if (ar.succeeded()) {
        LOG.info("event=meta_started host={} clientPort={} discoveryPort={} heartbeatPort={} dataDir={} transport={}",
            config.host(), server.clientPort(), server.discoveryPort(), server.heartbeatPort(), config.dataDir(),
            SocketTransport.of(vertx));
        return Future.succeededFuture(server);
      }
      return server.stop().transform(x -> Future.failedFuture(ar.cause()));
    });
  }

  private Future<Void> boot() {
    http = new JsonHttpClient(vertx, Duration.ofSeconds(5), Duration.ofSeconds(30), config.tls());
    return vertx.executeBlocking(() -> ServiceTokenSource.readSecret(config.secretFile()))
        .compose(secret -> VerifierLoader.load(vertx, http, config, AUTH_PATIENCE)
            .compose(verifier -> deployAll(verifier,
                new ServiceTokenSource(http, config.authUrl(), config.serviceAccount(), secret))));
  }

  private Future<Void> deployAll(TokenVerifier verifier, ServiceTokenSource tokens) {
    ReplicaMap replicas = new ReplicaMap();
    NamespaceStore store = new NamespaceStore(Path.of(config.dataDir()).resolve("db"), config.syncWrites(),
        config.reclaimDelay(), replicas);
    AtomicReference<ClusterView> views = new AtomicReference<>(ClusterView.empty(config.virtualNodes()));
    HeartbeatCounters heartbeats = new HeartbeatCounters();
    BusAddresses bus = BusAddresses.unique();
    Clock healthClock = new MonotonicClock();
    EventLog events = new EventLog(Clock.systemUTC(), EventLog.DEFAULT_CAPACITY);
    MetaServices services = new MetaServices(config, verifier, store, replicas, views::get, heartbeats, bus,
        Clock.systemUTC(), healthClock, new PlanTimes(), new RepairCounters(),
        BlockTokenSigner.generate(vertx, config.blockTokenTtl()), events, metrics);
    health = new NodeHealthVerticle(config, healthClock, views, heartbeats, bus, events);
    client = new MetaHttpVerticle(services, tokens, MetaMeters.register(metrics.registry(), services));
    return deploy(store)
        .compose(v -> deploy(health))
        .compose(v -> {
          discovery = new DiscoveryHttpVerticle(services, health.heartbeatPort());
          return deploy(discovery);
        })
        .compose(v -> deploy(client))
        .compose(v -> deploy(new BlockReclaimer(services, tokens)))
        .compose(v -> deploy(new ReplicationScheduler(services, tokens, services.repairs())));
  }

  private Future<Void> deploy(Deployable verticle) {
    return vertx.deployVerticle(verticle).onSuccess(deployments::add).mapEmpty();
  }

  /** The client API and status page port. */
  public int clientPort() {
    return client == null ? -1 : client.port();
  }

  /** The data nodes' JOIN and block report port. */
  public int discoveryPort() {
    return discovery == null ? -1 : discovery.port();
  }

  /** The UDP heartbeat port. */
  public int heartbeatPort() {
    return health == null ? -1 : health.heartbeatPort();
  }

  /** Undeploys everything in reverse order; completes when the store is closed. Idempotent. */
  public Future<Void> stop() {
    if (stopped) {
      return Future.succeededFuture();
    }
    stopped = true;
    boolean started = !deployments.isEmpty();
    Future<Void> chain = Future.succeededFuture();
    for (int i = deployments.size() - 1; i >= 0; i--) {
      String id = deployments.get(i);
      chain = chain.compose(v -> vertx.undeploy(id).recover(e -> Future.succeededFuture()));
    }
    return chain.compose(v -> http == null ? Future.<Void>succeededFuture() : http.close())
        .onComplete(ar -> {
          if (started) {
            LOG.info("event=meta_stopped");
          }
        });
  }
}
