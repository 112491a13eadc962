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
import java.util.stream.Stream;

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
  /** Well inside auth's default token lifetime of 15 minutes. */
  private static final Duration ADMIN_TOKEN_RENEWAL = Duration.ofMinutes(5);

  private final Path dir;
  private final Path logs;
  private final ChildProcesses processes;
  /** Where the cluster's certificates are, or null for plaintext. */
  private final Path tlsDir;
  /** Made once the certificates exist: it trusts the cluster's CA. */
  private AdminHttp http;
  private final Map<String, ServerProcess> servers = new LinkedHashMap<>();
  /** How each server was started, so that it can be started again the same way. */
  private final Map<String, Launch> launches = new LinkedHashMap<>();
  private final Map<String, Integer> nodeHttpPorts = new LinkedHashMap<>();
  private final String userPassword = secret();
  private final String adminPassword = secret();
  private final int authPort = FreePorts.tcp();
  private final int metaPort = FreePorts.tcp();
  private final int discoveryPort = FreePorts.tcp();
  private final int heartbeatPort = FreePorts.udp();
  private String adminToken;
  private long adminTokenRenewAt;

  private BenchCluster(Path dir, Path logs, ChildProcesses processes, Path tlsDir) {
    this.dir = dir;
    this.logs = logs;
    this.processes = processes;
    this.tlsDir = tlsDir;
  }

  /**
   * Starts the cluster with its data and configs in {@code dir} and its logs in {@code logs}, and
   * returns once every data node has joined meta (its /ready).
   */
  public static BenchCluster start(Path dir, Path logs, int dataNodes, Jars jars, List<String> javaOpts,
      List<String> datanodeJavaOpts, ChildProcesses processes) {
    return start(dir, logs, dataNodes, jars, javaOpts, datanodeJavaOpts, processes, null, new JsonObject());
  }

  /**
   * As above; with {@code tlsScript} (scripts/tls.sh), TLS on every channel as {@code make up TLS=1}
   * sets it up, with certificates the script makes under {@code dir/tls}. {@code metaSettings} are
   * laid over meta's config.
   */
  public static BenchCluster start(Path dir, Path logs, int dataNodes, Jars jars, List<String> javaOpts,
      List<String> datanodeJavaOpts, ChildProcesses processes, Path tlsScript, JsonObject metaSettings) {
    BenchCluster c = new BenchCluster(dir, logs, processes, tlsScript == null ? null : dir.resolve("tls"));
    try {
      if (tlsScript != null) {
        c.makeCertificates(tlsScript, dataNodes);
      }
      c.http = new AdminHttp(c.tlsDir == null ? null : c.tlsDir.resolve("ca.crt"));
      c.boot(dataNodes, jars, javaOpts, datanodeJavaOpts, metaSettings);
      return c;
    } catch (RuntimeException e) {
      String tails = c.logTails();
      c.close();
      throw new IllegalStateException("cluster did not start: " + e.getMessage() + "\n" + tails, e);
    }
  }

  private void boot(int dataNodes, Jars jars, List<String> javaOpts, List<String> datanodeJavaOpts,
      JsonObject metaSettings) {
    mkdirs(logs);
    Path authDir = mkdirs(dir.resolve("auth"));
    Path metaDir = mkdirs(dir.resolve("meta"));
    AuthAccounts accounts = new AuthAccounts(jars.auth(), authDir, logs.resolve("accounts.log"), processes);
    write("auth.json", withTls("auth", new JsonObject().put("host", "127.0.0.1").put("port", authPort)
        .put("dataDir", authDir.toString())));
    accounts.service("meta", "meta", metaDir.resolve("secret"));
    write("meta.json", withTls("meta", new JsonObject().put("host", "127.0.0.1").put("clientPort", metaPort)
        .put("discoveryPort", discoveryPort).put("heartbeatPort", heartbeatPort)
        .put("dataDir", metaDir.toString()).put("authUrl", authUrl()).put("serviceAccount", "meta")
        .put("secretFile", metaDir.resolve("secret").toString())
        .put("replication", REPLICATION).put("syncWrites", true).mergeIn(metaSettings)));
    List<String> nodes = new ArrayList<>();
    for (int i = 1; i <= dataNodes; i++) {
      String name = "datanode-" + i;
      Path data = mkdirs(dir.resolve(name));
      int httpPort = FreePorts.tcp();
      nodeHttpPorts.put(name, httpPort);
      accounts.service(name, "datanode", data.resolve("secret"));
      write(name + ".json", withTls(name, new JsonObject().put("host", "127.0.0.1").put("port", FreePorts.tcp())
          .put("httpPort", httpPort).put("dataDir", data.toString()).put("nodeName", name)
          .put("serviceAccount", name).put("secretFile", data.resolve("secret").toString())
          .put("authUrl", authUrl()).put("metaUrl", scheme() + "://127.0.0.1:" + discoveryPort).put("fsync", true)));
      nodes.add(name);
    }
    accounts.user(USER, userPassword, false);
    accounts.user(ADMIN, adminPassword, true);
    JsonObject client = new JsonObject().put("authUrl", authUrl()).put("metaUrl", metaUrl());
    if (tlsDir != null) {
      client.put("tls", new JsonObject().put("ca", tlsDir.resolve("ca.crt").toString()));
    }
    write("client.json", client);

    startServer("auth", jars.auth(), javaOpts);
    awaitReady("auth", authUrl() + "/ready");
    startServer("meta", jars.meta(), javaOpts);
    awaitReady("meta", metaUrl() + "/ready");
    for (String name : nodes) {
      startServer(name, jars.datanode(), datanodeJavaOpts);
    }
    for (String name : nodes) {
      // A data node is ready once it has joined meta.
      awaitReady(name, nodeHttpUrl(name) + "/ready");
    }
  }

  private record Launch(Path jar, List<String> javaOpts) {}

  private void startServer(String name, Path jar, List<String> javaOpts) {
    launches.put(name, new Launch(jar, List.copyOf(javaOpts)));
    servers.put(name, ServerProcess.start(processes, name, jar, dir.resolve(name + ".json"), javaOpts,
        logs.resolve(name + ".log")));
  }

  /**
   * Starts server {@code name} again, as it was first started, on its ports and its data; it must
   * not be running. Returns without waiting for it to be ready.
   */
  public synchronized void restart(String name) {
    ServerProcess old = servers.get(name);
    if (old.alive()) {
      throw new IllegalStateException(name + " is still running");
    }
    Launch launch = launches.get(name);
    servers.put(name, ServerProcess.start(processes, name, launch.jar(), dir.resolve(name + ".json"),
        launch.javaOpts(), logs.resolve(name + ".log")));
  }

  /** kill -9 of any server (auth, meta, datanode-i), waiting for it to be gone. */
  public synchronized void kill(String name) {
    ChildProcesses.kill(servers.get(name).process());
  }

  /** SIGSTOP: the server stays up, holding its sockets, and answers nothing. */
  public synchronized void freeze(String name) {
    servers.get(name).signal("STOP");
  }

  /** SIGCONT after {@link #freeze}. */
  public synchronized void thaw(String name) {
    servers.get(name).signal("CONT");
  }

  public synchronized boolean alive(String name) {
    return servers.get(name).alive();
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
    return scheme() + "://127.0.0.1:" + authPort;
  }

  public String metaUrl() {
    return scheme() + "://127.0.0.1:" + metaPort;
  }

  private String nodeHttpUrl(String node) {
    return scheme() + "://127.0.0.1:" + nodeHttpPorts.get(node);
  }

  private String scheme() {
    return tlsDir == null ? "http" : "https";
  }

  /** Pid of every server running, by name (auth, meta, datanode-i). */
  public synchronized Map<String, Long> serverPids() {
    Map<String, Long> pids = new LinkedHashMap<>();
    servers.forEach((name, p) -> {
      if (p.alive()) {
        pids.put(name, p.pid());
      }
    });
    return pids;
  }

  private void makeCertificates(Path tlsScript, int dataNodes) {
    List<String> cmd = new ArrayList<>(List.of("bash", tlsScript.toString(), tlsDir.toString(), "auth", "meta"));
    for (int i = 1; i <= dataNodes; i++) {
      cmd.add("datanode-" + i);
    }
    try {
      Process p = processes.start(new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(mkdirs(logs).resolve("tls.log").toFile())));
      if (!p.waitFor(2, java.util.concurrent.TimeUnit.MINUTES) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException(tlsScript + " failed; see " + logs.resolve("tls.log"));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    }
  }

  /** The config with a {@code tls} block naming the server's own certificate, when TLS is on. */
  private JsonObject withTls(String name, JsonObject config) {
    if (tlsDir == null) {
      return config;
    }
    return config.put("tls", new JsonObject().put("ca", tlsDir.resolve("ca.crt").toString())
        .put("cert", tlsDir.resolve(name + ".crt").toString()).put("key", tlsDir.resolve(name + ".key").toString()));
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
  public synchronized Map<String, Long> dataNodePids() {
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

  /** Where a data node keeps its replica of a block, if it has one. */
  public Path blockFile(String node, String blockId) {
    return dataDir(node).resolve("blocks").resolve(blockId.substring(0, 2)).resolve(blockId + ".blk");
  }

  /** Bytes of the block files a data node holds. */
  public long blockBytes(String node) {
    try (Stream<Path> files = Files.walk(dataDir(node).resolve("blocks"))) {
      return files.filter(p -> p.toString().endsWith(".blk")).mapToLong(p -> p.toFile().length()).sum();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Files in the data nodes' temp directories: every write that ended, well or not, removed its own. */
  public long dataNodeTempFiles() {
    long n = 0;
    for (String node : dataNodes()) {
      try (Stream<Path> files = Files.list(dataDir(node).resolve("tmp"))) {
        n += files.count();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return n;
  }

  /** Meta's {@code /api/v1/cluster}, as an administrator sees it. */
  public JsonObject clusterState() {
    return http.getJson(metaUrl() + "/api/v1/cluster", adminToken());
  }

  /** An admin token with at least a few minutes left, so that a long run never reads with an expired one. */
  private String adminToken() {
    if (adminToken == null || System.nanoTime() > adminTokenRenewAt) {
      adminToken = http.login(authUrl(), ADMIN, adminPassword);
      adminTokenRenewAt = System.nanoTime() + ADMIN_TOKEN_RENEWAL.toNanos();
    }
    return adminToken;
  }

  /** The sum of a counter's samples in a data node's {@code /metrics} (an admin may read them). */
  public double dataNodeMetric(String node, String metric) {
    return sum(http.getText(nodeHttpUrl(node) + "/metrics", adminToken()), metric);
  }

  /** {@link #dataNodeMetric} summed over every data node. */
  public double dataNodesMetric(String metric) {
    return dataNodes().stream().mapToDouble(node -> dataNodeMetric(node, metric)).sum();
  }

  /** The sum of a counter's samples in meta's {@code /metrics}. */
  public double metaMetric(String metric) {
    return sum(http.getText(metaUrl() + "/metrics", adminToken()), metric);
  }

  /** The largest sample of a metric in meta's {@code /metrics} (0 when it has none). */
  public double metaMetricMax(String metric) {
    double max = 0;
    for (String line : http.getText(metaUrl() + "/metrics", adminToken()).split("\n")) {
      if (line.startsWith(metric + " ") || line.startsWith(metric + "{")) {
        max = Math.max(max, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
      }
    }
    return max;
  }

  private static double sum(String text, String metric) {
    double sum = 0;
    for (String line : text.split("\n")) {
      if (line.startsWith(metric + " ") || line.startsWith(metric + "{")) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  /** The last lines of every server's log, for a failure's report. */
  public synchronized String logTails() {
    StringBuilder sb = new StringBuilder();
    servers.values().forEach(p -> sb.append("---- ").append(p.name()).append(p.alive() ? "" : " (not running)")
        .append('\n').append(p.logTail(15)).append('\n'));
    return sb.toString();
  }

  /** Stops every server at once (SIGTERM, SIGKILL after a grace period) and waits for each. */
  @Override
  public synchronized void close() {
    // A stopped process would take SIGTERM only once continued; continuing it lets it shut down cleanly.
    servers.values().stream().filter(ServerProcess::alive).forEach(p -> {
      try {
        p.signal("CONT");
      } catch (RuntimeException e) {
        // It goes by SIGKILL after the grace period instead.
      }
    });
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

  /** Sleeps on the harness's thread; an interrupt ends the step it is in. */
  public static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    }
  }
}
