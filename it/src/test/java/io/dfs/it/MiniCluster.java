package io.dfs.it;

import io.dfs.auth.AuthServer;
import io.dfs.common.config.AuthConfig;
import io.dfs.common.config.ConfigLoader;
import io.dfs.common.config.DatanodeConfig;
import io.dfs.common.config.MetaConfig;
import io.dfs.datanode.DatanodeServer;
import io.dfs.meta.MetaServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * auth, meta and N data nodes in this JVM on 127.0.0.1 with ephemeral ports, each server on a
 * Vert.x instance of its own so it can be killed (its Vert.x closed: sockets drop, timers stop)
 * and restarted on the same data directory independently of the others. Most integration tests
 * use this; tests that need kill -9 or the real jars use {@link ProcessCluster}.
 *
 * <p>Always close it ({@code try-with-resources} or {@code @AfterAll}); {@link #dump()} gives the
 * cluster state for a failing test's report.
 */
public final class MiniCluster implements AutoCloseable {
  /** The cluster's own operator account, for reading the admin-only cluster state. */
  static final String OPS_USER = "ops";
  static final String OPS_PASSWORD = "ops-password";
  private JsonObject dataNodeOverrides = new JsonObject();
  private String opsToken;
  private final Path dir;
  private final int dataNodeCount;
  private final JsonObject metaOverrides;
  private Vertx authVertx;
  private AuthServer auth;
  private Vertx metaVertx;
  private MetaServer meta;
  private final List<Node> nodes = new ArrayList<>();

  /** One data node slot: its config survives kills so a restart reuses its data directory. */
  private static final class Node {
    final String name;
    final Path dataDir;
    Vertx vertx;
    DatanodeServer server;
    int port;
    int httpPort;

    Node(String name, Path dataDir) {
      this.name = name;
      this.dataDir = dataDir;
    }
  }

  private MiniCluster(Path dir, int dataNodes, JsonObject metaOverrides) {
    this.dir = dir;
    this.dataNodeCount = dataNodes;
    this.metaOverrides = metaOverrides;
  }

  /**
   * Starts the cluster and waits until every data node has joined.
   *
   * @param metaOverrides meta config keys to change (e.g. {@code heartbeatInterval}), or null
   */
  public static MiniCluster start(Path dir, int dataNodes, JsonObject metaOverrides) {
    return start(dir, dataNodes, metaOverrides, new JsonObject());
  }

  /** As above, with {@code dataNodeOverrides} merged into every data node's config. */
  public static MiniCluster start(Path dir, int dataNodes, JsonObject metaOverrides, JsonObject dataNodeOverrides) {
    MiniCluster c = new MiniCluster(dir, dataNodes, metaOverrides);
    c.dataNodeOverrides = dataNodeOverrides;
    try {
      c.boot();
      return c;
    } catch (RuntimeException | Error e) {
      c.close();
      throw e;
    }
  }

  private void boot() {
    Path authDir = mkdirs(dir.resolve("auth"));
    Path metaDir = mkdirs(dir.resolve("meta"));
    Accounts.service(authDir, "meta", "meta", metaDir.resolve("secret"));
    for (int i = 1; i <= dataNodeCount; i++) {
      Node n = new Node("datanode-" + i, mkdirs(dir.resolve("datanode-" + i)));
      Accounts.service(authDir, n.name, "datanode", n.dataDir.resolve("secret"));
      nodes.add(n);
    }
    authVertx = Vertx.vertx();
    auth = AuthServer.start(authVertx, ConfigLoader.fromJson(new JsonObject()
        .put("port", 0).put("dataDir", authDir.toString()).encode(), AuthConfig.class)).await();
    startMeta(new JsonObject().put("clientPort", 0).put("discoveryPort", 0).put("heartbeatPort", 0));
    for (int i = 1; i <= dataNodeCount; i++) {
      startDataNode(i);
    }
    for (int i = 1; i <= dataNodeCount; i++) {
      awaitJoined(i);
    }
  }

  private void startMeta(JsonObject ports) {
    JsonObject conf = new JsonObject()
        .put("dataDir", dir.resolve("meta").toString()).put("authUrl", authUrl())
        .put("secretFile", dir.resolve("meta").resolve("secret").toString())
        .put("heartbeatInterval", "500ms");
    if (metaOverrides != null) {
      conf.mergeIn(metaOverrides);
    }
    conf.mergeIn(ports);
    metaVertx = Vertx.vertx();
    meta = MetaServer.start(metaVertx, ConfigLoader.fromJson(conf.encode(), MetaConfig.class)).await();
  }

  private void startDataNode(int i) {
    Node n = nodes.get(i - 1);
    JsonObject conf = new JsonObject()
        // A restarted node keeps its ports, as a real one would keep its config.
        .put("port", n.port).put("httpPort", n.httpPort)
        .put("dataDir", n.dataDir.toString()).put("nodeName", n.name).put("serviceAccount", n.name)
        .put("secretFile", n.dataDir.resolve("secret").toString()).put("authUrl", authUrl())
        .put("metaUrl", "http://127.0.0.1:" + meta.discoveryPort()).mergeIn(dataNodeOverrides.copy());
    n.vertx = Vertx.vertx();
    n.server = DatanodeServer.start(n.vertx, ConfigLoader.fromJson(conf.encode(), DatanodeConfig.class)).await();
    n.port = n.server.port();
    n.httpPort = n.server.httpPort();
  }

  public String authUrl() {
    return auth.url();
  }

  public String metaUrl() {
    return "http://127.0.0.1:" + meta.clientPort();
  }

  public int dataNodes() {
    return nodes.size();
  }

  public Path dataDir(int i) {
    return nodes.get(i - 1).dataDir;
  }

  public String nodeId(int i) {
    return nodes.get(i - 1).name;
  }

  public DatanodeServer dataNode(int i) {
    return nodes.get(i - 1).server;
  }

  /** Adds an administrator. */
  public void addAdmin(String name, String password) {
    Accounts.user(dir.resolve("auth"), name, password, true);
  }

  public void addUser(String name, String password) {
    Accounts.user(dir.resolve("auth"), name, password);
  }

  /** Waits until data node i is joined to meta (its /ready answers 200). */
  public void awaitJoined(int i) {
    Node n = nodes.get(i - 1);
    Http.await(n.name + " joined", Duration.ofSeconds(30),
        () -> Http.status("http://127.0.0.1:" + n.server.httpPort() + "/ready") == 200);
  }

  /** Stops data node i abruptly: its Vert.x closes, connections drop, heartbeats stop. */
  public void killDataNode(int i) {
    Node n = nodes.get(i - 1);
    if (n.vertx != null) {
      n.vertx.close().await();
      n.vertx = null;
      n.server = null;
    }
  }

  /** Starts data node i again on its data directory and ports, and waits until it has joined. */
  public void restartDataNode(int i) {
    killDataNode(i);
    startDataNode(i);
    awaitJoined(i);
  }

  /** Stops or resumes data node i's heartbeats while it keeps serving blocks (a stalled node, as meta sees it). */
  public void pauseDataNode(int i, boolean paused) {
    nodes.get(i - 1).server.pauseHeartbeats(paused);
  }

  /** Kills meta and starts it again on the same namespace store and ports. */
  public void restartMeta() {
    JsonObject ports = new JsonObject().put("clientPort", meta.clientPort())
        .put("discoveryPort", meta.discoveryPort()).put("heartbeatPort", meta.heartbeatPort());
    metaVertx.close().await();
    startMeta(ports);
  }

  /** The cluster as meta reports it to an admin, for assertions and failure reports. */
  /** Meta's discovery API, where data nodes join. */
  public String discoveryUrl() {
    return "http://127.0.0.1:" + meta.discoveryPort();
  }

  /** Meta's UDP heartbeat port. */
  public int heartbeatPort() {
    return meta.heartbeatPort();
  }

  public JsonObject clusterState() {
    if (opsToken == null) {
      Accounts.user(dir.resolve("auth"), OPS_USER, OPS_PASSWORD, true);
      opsToken = Http.login(auth.url(), OPS_USER, OPS_PASSWORD);
    }
    return Http.getJson(metaUrl() + "/api/v1/cluster", opsToken);
  }

  public String dump() {
    StringBuilder sb = new StringBuilder("==== mini cluster in ").append(dir).append('\n');
    sb.append("auth ").append(auth == null ? "down" : auth.url()).append('\n');
    sb.append("meta ").append(meta == null ? "down" : metaUrl()).append('\n');
    for (Node n : nodes) {
      sb.append(n.name).append(n.server == null ? " down" : " port=" + n.port + " joined=" + n.server.joined())
          .append(" blocks=").append(TestFiles.countBlockFiles(n.dataDir)).append('\n');
    }
    return sb.toString();
  }

  @Override
  public void close() {
    for (Node n : nodes) {
      if (n.vertx != null) {
        n.vertx.close().await();
        n.vertx = null;
      }
    }
    if (metaVertx != null) {
      metaVertx.close().await();
      metaVertx = null;
    }
    if (authVertx != null) {
      authVertx.close().await();
      authVertx = null;
    }
  }

  private static Path mkdirs(Path p) {
    try {
      return Files.createDirectories(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
