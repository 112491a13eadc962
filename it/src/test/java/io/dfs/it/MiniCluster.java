package io.dfs.it;

import io.dfs.auth.AuthServer;
import io.dfs.common.config.AuthConfig;
import io.dfs.common.config.ConfigLoader;
import io.dfs.common.config.DatanodeConfig;
import io.dfs.common.config.MetaConfig;
import io.dfs.common.metrics.ServerMetrics;
import io.dfs.datanode.DatanodeServer;
import io.dfs.meta.MetaServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * auth, meta and N data nodes in this JVM on 127.0.0.1 with ephemeral ports. Each server runs on a
 * Vert.x instance of its own ({@link InProcessServer}), so any of them can be killed, paused and
 * restarted on the same ports and data directory while the others go on. Servers are named as in
 * {@link ProcessCluster}: {@value #AUTH}, {@value #META}, {@code datanode-1} … {@code datanode-N}.
 * Most integration tests use this; tests that need kill -9 or the real jars use ProcessCluster.
 *
 * <p>Always close it ({@code try-with-resources} or {@code @AfterAll}): {@link #close()} stops every
 * server, also when stopping one of them fails. Register {@link MiniClusterDumpOnFailure} so that a
 * failing test's report carries {@link #dump()}; a failed {@link #start} carries it already.
 */
public final class MiniCluster implements AutoCloseable {
  public static final String AUTH = "auth";
  public static final String META = "meta";
  /** The cluster's own operator account, for reading the admin-only cluster state. */
  static final String OPS_USER = "ops";
  static final String OPS_PASSWORD = "ops-password";
  /** How long a started server may take to become ready; a data node is ready once it joined meta. */
  static final Duration READY_PATIENCE = Duration.ofSeconds(30);
  private static final int LOG_LINES_PER_SERVER = 20;

  private final Path dir;
  private final JsonObject metaOverrides;
  private final JsonObject dataNodeOverrides;
  private final InProcessServer<AuthServer> auth;
  private final InProcessServer<MetaServer> meta;
  private final List<InProcessServer<DatanodeServer>> dataNodes = new ArrayList<>();
  /** Every server by name, in start order. */
  private final Map<String, InProcessServer<?>> servers = new LinkedHashMap<>();
  /** Where the JVM's log stood when this cluster was made: servers of earlier clusters had the same thread names. */
  private final long logMark = RecentLogs.mark();
  private String opsToken;

  private MiniCluster(Path dir, int dataNodeCount, JsonObject metaOverrides, JsonObject dataNodeOverrides) {
    this.dir = dir;
    this.metaOverrides = metaOverrides == null ? new JsonObject() : metaOverrides.copy();
    this.dataNodeOverrides = dataNodeOverrides == null ? new JsonObject() : dataNodeOverrides.copy();
    auth = add(new InProcessServer<>(AUTH, this::startAuth, s -> s.url() + "/ready"));
    meta = add(new InProcessServer<>(META, this::startMeta, s -> loopback(s.clientPort()) + "/ready"));
    for (int i = 1; i <= dataNodeCount; i++) {
      String name = "datanode-" + i;
      dataNodes.add(add(new InProcessServer<DatanodeServer>(name, (vertx, metrics, previous) -> startDataNode(name,
          vertx, metrics, previous), s -> loopback(s.httpPort()) + "/ready")));
    }
  }

  private <S> InProcessServer<S> add(InProcessServer<S> server) {
    servers.put(server.name(), server);
    return server;
  }

  /**
   * Starts the cluster and waits until every server is ready (every data node has joined).
   *
   * @param metaOverrides meta config keys to change (e.g. {@code heartbeatInterval}), or null
   */
  public static MiniCluster start(Path dir, int dataNodes, JsonObject metaOverrides) {
    return start(dir, dataNodes, metaOverrides, null);
  }

  /**
   * As above, with {@code dataNodeOverrides} merged into every data node's config. If start-up
   * fails, what did start is stopped and the exception carries the cluster's state as a suppressed
   * {@link ClusterStateReport}.
   */
  public static MiniCluster start(Path dir, int dataNodes, JsonObject metaOverrides, JsonObject dataNodeOverrides) {
    MiniCluster c = new MiniCluster(dir, dataNodes, metaOverrides, dataNodeOverrides);
    try {
      c.boot();
      return c;
    } catch (RuntimeException | Error e) {
      e.addSuppressed(new ClusterStateReport("mini cluster failed to start", c.dump()));
      try {
        c.close();
      } catch (RuntimeException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  private void boot() {
    Path authDir = mkdirs(dir.resolve(AUTH));
    Path metaDir = mkdirs(dir.resolve(META));
    Accounts.service(authDir, META, META, metaDir.resolve("secret"));
    for (InProcessServer<DatanodeServer> n : dataNodes) {
      Accounts.service(authDir, n.name(), "datanode", mkdirs(dir.resolve(n.name())).resolve("secret"));
    }
    for (InProcessServer<?> s : servers.values()) {
      s.start();
    }
    awaitReady();
  }

  // A restarted server takes the ports of the run it replaces, as a real one keeps its config.

  private Future<AuthServer> startAuth(Vertx vertx, ServerMetrics metrics, AuthServer previous) {
    JsonObject conf = new JsonObject().put("port", previous == null ? 0 : previous.port())
        .put("dataDir", dir.resolve(AUTH).toString());
    return AuthServer.start(vertx, ConfigLoader.fromJson(conf.encode(), AuthConfig.class), Clock.systemUTC(), metrics);
  }

  private Future<MetaServer> startMeta(Vertx vertx, ServerMetrics metrics, MetaServer previous) {
    JsonObject conf = new JsonObject()
        .put("dataDir", dir.resolve(META).toString()).put("authUrl", authUrl())
        .put("secretFile", dir.resolve(META).resolve("secret").toString())
        .put("heartbeatInterval", "500ms")
        // Tests look for deleted blocks on disk; the grace for readers has its own test.
        .put("reclaimDelay", "0ms")
        .mergeIn(metaOverrides.copy())
        .put("clientPort", previous == null ? 0 : previous.clientPort())
        .put("discoveryPort", previous == null ? 0 : previous.discoveryPort())
        .put("heartbeatPort", previous == null ? 0 : previous.heartbeatPort());
    return MetaServer.start(vertx, ConfigLoader.fromJson(conf.encode(), MetaConfig.class), metrics);
  }

  private Future<DatanodeServer> startDataNode(String name, Vertx vertx, ServerMetrics metrics,
      DatanodeServer previous) {
    Path dataDir = dir.resolve(name);
    JsonObject conf = new JsonObject()
        .put("port", previous == null ? 0 : previous.port()).put("httpPort", previous == null ? 0 : previous.httpPort())
        .put("dataDir", dataDir.toString()).put("nodeName", name).put("serviceAccount", name)
        .put("secretFile", dataDir.resolve("secret").toString()).put("authUrl", authUrl())
        .put("metaUrl", discoveryUrl()).mergeIn(dataNodeOverrides.copy());
    return DatanodeServer.start(vertx, ConfigLoader.fromJson(conf.encode(), DatanodeConfig.class), metrics);
  }

  /** Auth's URL; it stays the same across restarts. */
  public String authUrl() {
    return auth.last().url();
  }

  /** Meta's client API; it stays the same across restarts. */
  public String metaUrl() {
    return loopback(meta.last().clientPort());
  }

  /** Meta's discovery API, where data nodes join. */
  public String discoveryUrl() {
    return loopback(meta.last().discoveryPort());
  }

  /** Meta's UDP heartbeat port. */
  public int heartbeatPort() {
    return meta.last().heartbeatPort();
  }

  public int dataNodes() {
    return dataNodes.size();
  }

  public Path dataDir(int i) {
    return dir.resolve(nodeId(i));
  }

  /** How many data nodes have the block's file on disk. */
  public int copiesOnDisk(String blockId) {
    int n = 0;
    for (int i = 1; i <= dataNodes(); i++) {
      if (Files.exists(TestFiles.blockFile(dataDir(i), blockId))) {
        n++;
      }
    }
    return n;
  }

  /** Data node i's id, which is also its server name here: {@code datanode-i}. */
  public String nodeId(int i) {
    return dataNodes.get(i - 1).name();
  }

  /** Data node i's current run, or null while it is down. */
  public DatanodeServer dataNode(int i) {
    return dataNodes.get(i - 1).running();
  }

  /** Every server's name, in start order. */
  public List<String> names() {
    return List.copyOf(servers.keySet());
  }

  public InProcessServer.State state(String name) {
    return server(name).state();
  }

  /**
   * Stops the server abruptly and leaves it down (see {@link InProcessServer#kill()}). Clients see
   * refused connections until {@link #restart}. Does nothing if it is down already.
   */
  public void kill(String name) {
    server(name).kill();
  }

  /**
   * Freezes the server, keeping its state: it accepts connections but answers nothing, sends no
   * heartbeats and runs no timers until {@link #resume}, like a process under SIGSTOP.
   */
  public void pause(String name) {
    server(name).pause();
  }

  /** Lets a paused server go on with what queued up meanwhile. Does nothing if it is not paused. */
  public void resume(String name) {
    server(name).resume();
  }

  /**
   * Kills the server if it runs (paused or not), starts it again on its ports and data directory,
   * and waits until it is ready. A restarted data node has joined meta again when this returns.
   */
  public void restart(String name) {
    InProcessServer<?> s = server(name);
    s.kill();
    s.start();
    s.awaitReady(READY_PATIENCE);
  }

  /**
   * Starts a server that is down, on its ports and data directory, without waiting until it is
   * ready: returns once it listens (a data node may still be joining).
   */
  public void startWithoutWaiting(String name) {
    server(name).start();
  }

  /** Where the server answers {@code /ready} (and {@code /health}, {@code /metrics} beside it). */
  public String readyUrl(String name) {
    return server(name).readyUrl();
  }

  /** Waits until the server's {@code /ready} answers 200; fails at once if it is down or paused. */
  public void awaitReady(String name) {
    server(name).awaitReady(READY_PATIENCE);
  }

  /** Waits until every server is ready. */
  public void awaitReady() {
    for (InProcessServer<?> s : servers.values()) {
      s.awaitReady(READY_PATIENCE);
    }
  }

  private InProcessServer<?> server(String name) {
    InProcessServer<?> s = servers.get(name);
    if (s == null) {
      throw new IllegalArgumentException("no server " + name + " in this mini cluster; there are " + names());
    }
    return s;
  }

  /** Adds an administrator. */
  public void addAdmin(String name, String password) {
    Accounts.user(dir.resolve(AUTH), name, password, true);
  }

  public void addUser(String name, String password) {
    Accounts.user(dir.resolve(AUTH), name, password);
  }

  /** The cluster as meta reports it to an admin, for assertions and failure reports. */
  public JsonObject clusterState() {
    return Http.getJson(metaUrl() + "/api/v1/cluster", opsToken());
  }

  /** A token of the cluster's operator account (an admin, so it may read /metrics too), made on first use. */
  String opsToken() {
    if (opsToken == null) {
      addAdmin(OPS_USER, OPS_PASSWORD);
      opsToken = Http.login(authUrl(), OPS_USER, OPS_PASSWORD);
    }
    return opsToken;
  }

  /**
   * What a failure report needs: each server's state, addresses and (data nodes) join state and
   * block files; meta's cluster state when meta can answer; each server's latest log lines.
   * Never throws: what cannot be read is reported as such.
   */
  public String dump() {
    StringBuilder sb = new StringBuilder("==== mini cluster in ").append(dir).append('\n');
    for (InProcessServer<?> s : servers.values()) {
      sb.append(s.name()).append(' ').append(s.state().name().toLowerCase()).append(' ').append(describe(s))
          .append('\n');
    }
    sb.append("---- cluster state from meta\n").append(clusterStateForDump()).append('\n');
    for (InProcessServer<?> s : servers.values()) {
      sb.append("---- latest log lines of ").append(s.name()).append('\n');
      RecentLogs.latest(s.name() + "/", logMark, LOG_LINES_PER_SERVER).forEach(line -> sb.append(line).append('\n'));
    }
    return sb.toString();
  }

  private String describe(InProcessServer<?> s) {
    if (s.last() == null) {
      return "(never started)";
    }
    if (s == auth) {
      return authUrl();
    }
    if (s == meta) {
      return metaUrl() + " discovery=" + discoveryUrl() + " heartbeatPort=" + heartbeatPort();
    }
    DatanodeServer last = (DatanodeServer) s.last();
    DatanodeServer running = (DatanodeServer) s.running();
    Path dataDir = dir.resolve(s.name());
    return "port=" + last.port() + " httpPort=" + last.httpPort()
        + (running == null ? "" : " joined=" + running.joined())
        + " blockFiles=" + TestFiles.countBlockFiles(dataDir) + " dataDir=" + dataDir;
  }

  private String clusterStateForDump() {
    if (meta.state() != InProcessServer.State.UP) {
      return "(not asked: meta is " + meta.state().name().toLowerCase() + ")";
    }
    if (opsToken == null && auth.state() != InProcessServer.State.UP) {
      return "(not asked: no operator token yet and auth is " + auth.state().name().toLowerCase() + ")";
    }
    try {
      return clusterState().encodePrettily();
    } catch (RuntimeException e) {
      return "(cannot read: " + e + ")";
    }
  }

  /** Stops every server, data nodes first; if some cannot be stopped, the others still are, and then this throws. */
  @Override
  public void close() {
    List<InProcessServer<?>> reversed = new ArrayList<>(servers.values());
    Collections.reverse(reversed);
    IllegalStateException failed = null;
    for (InProcessServer<?> s : reversed) {
      try {
        s.kill();
      } catch (RuntimeException | Error e) {
        if (failed == null) {
          failed = new IllegalStateException("cannot stop every server of the mini cluster in " + dir);
        }
        failed.addSuppressed(e);
      }
    }
    if (failed != null) {
      throw failed;
    }
  }

  private static String loopback(int port) {
    return "http://127.0.0.1:" + port;
  }

  private static Path mkdirs(Path p) {
    try {
      return Files.createDirectories(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
