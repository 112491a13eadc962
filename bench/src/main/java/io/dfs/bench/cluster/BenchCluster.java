package io.dfs.bench.cluster;

import io.dfs.bench.proc.ChildProcesses;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * auth, meta and N data nodes started from the shaded jars as separate processes on free loopback
 * ports, with their data and configs under one directory. The durable defaults are written
 * out rather than assumed: every replica fsynced before it is acknowledged ({@code fsync}), every
 * namespace change synced to RocksDB's WAL before it is ({@code syncWrites}), replication 3.
 * {@link #close()} stops every server it started.
 */
public final class BenchCluster implements AutoCloseable {
  public static final int REPLICATION = 3;
  public static final String USER = "bench";
  private static final String ADMIN = "bench-admin";
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

  private final Path dir;
  private final Path logs;
  private final ChildProcesses processes;
  private final AdminHttp http = new AdminHttp();
  private final Map<String, ServerProcess> servers = new LinkedHashMap<>();
  private final Map<String, Integer> nodeHttpPorts = new LinkedHashMap<>();
  private final String userPassword = secret();
  private final String adminPassword = secret();
  private final int authPort = FreePorts.tcp();
  private final int metaPort = FreePorts.tcp();
  private final int discoveryPort = FreePorts.tcp();
  private final int heartbeatPort = FreePorts.udp();
  private String adminToken;

  private BenchCluster(Path dir, Path logs, ChildProcesses processes) {
    this.dir = dir;
    this.logs = logs;
    this.processes = processes;
  }

  /**
   * Starts the cluster with its data and configs in {@code dir} and its logs in {@code logs}, and
   * returns once every data node has joined meta (its /ready).
   */
  public static BenchCluster start(Path dir, Path logs, int dataNodes, Jars jars, List<String> javaOpts,
      List<String> datanodeJavaOpts, ChildProcesses processes) {
    BenchCluster c = new BenchCluster(dir, logs, processes);
    try {
      c.boot(dataNodes, jars, javaOpts, datanodeJavaOpts);
      return c;
    } catch (RuntimeException e) {
      String tails = c.logTails();
      c.close();
      throw new IllegalStateException("cluster did not start: " + e.getMessage() + "\n" + tails, e);
    }
  }

  private void boot(int dataNodes, Jars jars, List<String> javaOpts, List<String> datanodeJavaOpts) {
    mkdirs(logs);
    Path authDir = mkdirs(dir.resolve("auth"));
    Path metaDir = mkdirs(dir.resolve("meta"));
    AuthAccounts accounts = new AuthAccounts(jars.auth(), authDir, logs.resolve("accounts.log"), processes);
    write("auth.json", new JsonObject().put("host", "127.0.0.1").put("port", authPort)
        .put("dataDir", authDir.toString()));
    accounts.service("meta", "meta", metaDir.resolve("secret"));
    write("meta.json", new JsonObject().put("host", "127.0.0.1").put("clientPort", metaPort)
        .put("discoveryPort", discoveryPort).put("heartbeatPort", heartbeatPort)
        .put("dataDir", metaDir.toString()).put("authUrl", authUrl()).put("serviceAccount", "meta")
        .put("secretFile", metaDir.resolve("secret").toString())
        .put("replication", REPLICATION).put("syncWrites", true));
    List<String> nodes = new ArrayList<>();
    for (int i = 1; i <= dataNodes; i++) {
      String name = "datanode-" + i;
      Path data = mkdirs(dir.resolve(name));
      int httpPort = FreePorts.tcp();
      nodeHttpPorts.put(name, httpPort);
      accounts.service(name, "datanode", data.resolve("secret"));
      write(name + ".json", new JsonObject().put("host", "127.0.0.1").put("port", FreePorts.tcp())
          .put("httpPort", httpPort).put("dataDir", data.toString()).put("nodeName", name)
          .put("serviceAccount", name).put("secretFile", data.resolve("secret").toString())
          .put("authUrl", authUrl()).put("metaUrl", "http://127.0.0.1:" + discoveryPort).put("fsync", true));
      nodes.add(name);
    }
    accounts.user(USER, userPassword, false);
    accounts.user(ADMIN, adminPassword, true);
    write("client.json", new JsonObject().put("authUrl", authUrl()).put("metaUrl", metaUrl()));

    startServer("auth", jars.auth(), javaOpts);
    awaitReady("auth", authUrl() + "/ready");
    startServer("meta", jars.meta(), javaOpts);
    awaitReady("meta", metaUrl() + "/ready");
    for (String name : nodes) {
      startServer(name, jars.datanode(), datanodeJavaOpts);
    }
    for (String name : nodes) {
      // A data node is ready once it has joined meta.
      awaitReady(name, "http://127.0.0.1:" + nodeHttpPorts.get(name) + "/ready");
    }
  }

  private void startServer(String name, Path jar, List<String> javaOpts) {
    servers.put(name, ServerProcess.start(processes, name, jar, dir.resolve(name + ".json"), javaOpts,
        logs.resolve(name + ".log")));
  }

  private void awaitReady(String name, String url) {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    ServerProcess p = servers.get(name);
    while (http.status(url) != 200) {
      if (!p.alive()) {
        throw new IllegalStateException(name + " exited during start");
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(name + " not ready at " + url + " after " + READY_TIMEOUT.toSeconds() + " s");
      }
      sleep(200);
    }
  }

  public String authUrl() {
    return "http://127.0.0.1:" + authPort;
  }

  public String metaUrl() {
    return "http://127.0.0.1:" + metaPort;
  }

  /** The client config a benchmark client points at this cluster with. */
  public Path clientConfig() {
    return dir.resolve("client.json");
  }

  /** The password of {@link #USER}, an ordinary user. */
  public String userPassword() {
    return userPassword;
  }

  public List<String> dataNodes() {
    return List.copyOf(nodeHttpPorts.keySet());
  }

  /** Data node name → pid, for the ones running. */
  public Map<String, Long> dataNodePids() {
    Map<String, Long> pids = new LinkedHashMap<>();
    for (String name : nodeHttpPorts.keySet()) {
      ServerProcess p = servers.get(name);
      if (p.alive()) {
        pids.put(name, p.pid());
      }
    }
    return pids;
  }

  public Path dataDir(String node) {
    return dir.resolve(node);
  }

  /** kill -9 of one data node. */
  public void kill(String node) {
    ChildProcesses.kill(servers.get(node).process());
  }

  /** Meta's {@code /api/v1/cluster}, as an administrator sees it. */
  public JsonObject clusterState() {
    return http.getJson(metaUrl() + "/api/v1/cluster", adminToken());
  }

  private String adminToken() {
    if (adminToken == null) {
      adminToken = http.login(authUrl(), ADMIN, adminPassword);
    }
    return adminToken;
  }

  /** The sum of a counter's samples in a data node's {@code /metrics} (an admin may read them). */
  public double dataNodeMetric(String node, String metric) {
    double sum = 0;
    String text = http.getText("http://127.0.0.1:" + nodeHttpPorts.get(node) + "/metrics", adminToken());
    for (String line : text.split("\n")) {
      if (line.startsWith(metric + " ") || line.startsWith(metric + "{")) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  /** The last lines of every server's log, for a failure's report. */
  public String logTails() {
    StringBuilder sb = new StringBuilder();
    servers.values().forEach(p -> sb.append("---- ").append(p.name()).append(p.alive() ? "" : " (not running)")
        .append('\n').append(p.logTail(15)).append('\n'));
    return sb.toString();
  }

  /** Stops every server at once (SIGTERM, SIGKILL after a grace period) and waits for each. */
  @Override
  public void close() {
    servers.values().forEach(p -> p.process().destroy());
    servers.values().forEach(p -> ChildProcesses.stop(p.process()));
  }

  private void write(String name, JsonObject json) {
    try {
      Files.writeString(dir.resolve(name), json.encodePrettily());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path mkdirs(Path p) {
    try {
      return Files.createDirectories(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String secret() {
    byte[] raw = new byte[18];
    new SecureRandom().nextBytes(raw);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    }
  }
}
