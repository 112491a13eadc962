package io.dfs.it;

import io.dfs.bench.cluster.FreePorts;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * auth, meta and N data nodes started from the built jars as separate processes on free loopback
 * ports, for kill -9, SIGSTOP, restart and CLI paths. Every process it starts is stopped by its
 * own pid in {@link #close()}, and by a shutdown hook if the test JVM dies first.
 */
final class ProcessCluster implements AutoCloseable {
  private String opsToken;
  private final Path dir;
  private final int authPort = FreePorts.tcp();
  private final int metaPort = FreePorts.tcp();
  private final int discoveryPort = FreePorts.tcp();
  private final int heartbeatPort = FreePorts.udp();
  private final String scheme;
  private final Map<String, ServerProcess> servers = new LinkedHashMap<>();
  private final List<Integer> dataPorts = new ArrayList<>();
  private final List<Integer> dataHttpPorts = new ArrayList<>();
  private final Thread reaper = new Thread(this::killAll, "process-cluster-reaper");
  private List<String> jvmFlags = List.of();

  private ProcessCluster(Path dir, boolean tls) {
    this.dir = dir;
    this.scheme = tls ? "https" : "http";
    Runtime.getRuntime().addShutdownHook(reaper);
  }

  /** Starts auth, meta and {@code dataNodes} data nodes and waits until every node has joined. */
  static ProcessCluster start(Path dir, int dataNodes, JsonObject metaOverrides) {
    return start(dir, dataNodes, metaOverrides, new JsonObject());
  }

  /** As {@link #start(Path, int, JsonObject)}, with {@code dataNodeOverrides} merged into every data node's config. */
  static ProcessCluster start(Path dir, int dataNodes, JsonObject metaOverrides, JsonObject dataNodeOverrides) {
    return start(dir, dataNodes, metaOverrides, dataNodeOverrides, false);
  }

  /**
   * As above; with {@code tls}, the cluster's certificates come from {@code scripts/tls.sh}, as for
   * {@code make up TLS=1}, and every server, the CLI and this test speak TLS.
   */
  static ProcessCluster start(Path dir, int dataNodes, JsonObject metaOverrides, JsonObject dataNodeOverrides,
      boolean tls) {
    return start(dir, dataNodes, metaOverrides, dataNodeOverrides, tls, List.of());
  }

  /** As above, every server's first run with {@code jvmFlags}. */
  static ProcessCluster start(Path dir, int dataNodes, JsonObject metaOverrides, JsonObject dataNodeOverrides,
      boolean tls, List<String> jvmFlags) {
    ProcessCluster c = new ProcessCluster(dir, tls);
    c.jvmFlags = List.copyOf(jvmFlags);
    try {
      c.boot(dataNodes, metaOverrides, dataNodeOverrides);
      return c;
    } catch (RuntimeException | Error e) {
      System.err.println(c.dump());
      c.close();
      throw e;
    }
  }

  private void boot(int dataNodes, JsonObject metaOverrides, JsonObject dataNodeOverrides) {
    mkdirs(dir.resolve("log"));
    if (tls()) {
      makeCertificates(dataNodes);
    }
    Path authDir = mkdirs(dir.resolve("auth"));
    Path metaDir = mkdirs(dir.resolve("meta"));
    write("auth.json", withTls("auth", new JsonObject().put("port", authPort).put("dataDir", authDir.toString())
        .put("tokenTtl", "15m")));
    JsonObject meta = new JsonObject().put("clientPort", metaPort).put("discoveryPort", discoveryPort)
        .put("heartbeatPort", heartbeatPort).put("dataDir", metaDir.toString()).put("authUrl", authUrl())
        .put("secretFile", metaDir.resolve("secret").toString())
        .mergeIn(metaOverrides == null ? new JsonObject() : metaOverrides);
    write("meta.json", withTls("meta", meta));
    admin("service", "add", "--data-dir", authDir.toString(), "--id", "meta", "--role", "meta",
        "--secret-file", metaDir.resolve("secret").toString());
    for (int i = 1; i <= dataNodes; i++) {
      String name = "datanode-" + i;
      Path data = mkdirs(dir.resolve(name));
      int port = FreePorts.tcp();
      int httpPort = FreePorts.tcp();
      dataPorts.add(port);
      dataHttpPorts.add(httpPort);
      admin("service", "add", "--data-dir", authDir.toString(), "--id", name, "--role", "datanode",
          "--secret-file", data.resolve("secret").toString());
      write(name + ".json", withTls(name, new JsonObject().put("port", port).put("httpPort", httpPort)
          .put("dataDir", data.toString()).put("nodeName", name).put("serviceAccount", name)
          .put("secretFile", data.resolve("secret").toString()).put("authUrl", authUrl())
          .put("metaUrl", scheme + "://127.0.0.1:" + discoveryPort).mergeIn(dataNodeOverrides.copy())));
    }
    add("auth", Jars.auth());
    add("meta", Jars.meta());
    for (int i = 1; i <= dataNodes; i++) {
      add("datanode-" + i, Jars.datanode());
    }
    servers.get("auth").start(jvmFlags);
    awaitReady("auth", authUrl() + "/ready");
    servers.get("meta").start(jvmFlags);
    awaitReady("meta", metaUrl() + "/ready");
    for (int i = 1; i <= dataNodes; i++) {
      servers.get("datanode-" + i).start(jvmFlags);
    }
    for (int i = 1; i <= dataNodes; i++) {
      awaitReady("datanode-" + i, dataNodeHttpUrl(i) + "/ready");
    }
  }

  private void add(String name, Path jar) {
    servers.put(name, new ServerProcess(name, jar, dir.resolve(name + ".json"), dir.resolve("log").resolve(name + ".log")));
  }

  private void awaitReady(String name, String url) {
    ServerProcess p = servers.get(name);
    Http.await(name + " ready at " + url, Duration.ofSeconds(60), () -> {
      if (!p.alive()) {
        throw new AssertionError(name + " exited during start:\n" + p.logTail(40));
      }
      return Http.status(url) == 200;
    });
  }

  String authUrl() {
    return scheme + "://127.0.0.1:" + authPort;
  }

  String metaUrl() {
    return scheme + "://127.0.0.1:" + metaPort;
  }

  String dataNodeHttpUrl(int i) {
    return scheme + "://127.0.0.1:" + dataHttpPorts.get(i - 1);
  }

  boolean tls() {
    return scheme.equals("https");
  }

  /** Where the cluster's CA and certificates are, with TLS. */
  Path tlsDir() {
    return dir.resolve("tls");
  }

  /** Meta's discovery port, which only data nodes use. */
  int discoveryPort() {
    return discoveryPort;
  }

  private void makeCertificates(int dataNodes) {
    List<String> cmd = new ArrayList<>(List.of("bash", Jars.root().resolve("scripts").resolve("tls.sh").toString(),
        tlsDir().toString(), "auth", "meta"));
    for (int i = 1; i <= dataNodes; i++) {
      cmd.add("datanode-" + i);
    }
    CommandResult r = run(cmd, Map.of(), "");
    if (r.exit() != 0) {
      throw new IllegalStateException("scripts/tls.sh failed: " + r);
    }
    Http.trustCa(tlsDir().resolve("ca.crt"));
  }

  /** The config with a {@code tls} block naming the component's own certificate, when TLS is on. */
  private JsonObject withTls(String name, JsonObject config) {
    if (!tls()) {
      return config;
    }
    return config.put("tls", new JsonObject().put("ca", tlsDir().resolve("ca.crt").toString())
        .put("cert", tlsDir().resolve(name + ".crt").toString()).put("key", tlsDir().resolve(name + ".key").toString()));
  }

  /** Data node {@code i}'s block protocol port. */
  int dataPort(int i) {
    return dataPorts.get(i - 1);
  }

  /** Data node {@code i}'s health and metrics port. */
  int dataHttpPort(int i) {
    return dataHttpPorts.get(i - 1);
  }

  /** Meta's UDP heartbeat port. */
  int heartbeatPort() {
    return heartbeatPort;
  }

  int authPort() {
    return authPort;
  }

  int metaPort() {
    return metaPort;
  }

  Path dataDir(int i) {
    return dir.resolve("datanode-" + i);
  }

  int dataNodes() {
    return dataPorts.size();
  }

  ServerProcess server(String name) {
    return servers.get(name);
  }

  /** Restarts a stopped or killed server and waits for it to be ready again. */
  void restart(String name) {
    restart(name, List.of());
  }

  /** As {@link #restart(String)}, with extra JVM flags (fault points) for this run of the server. */
  void restart(String name, List<String> jvmFlags) {
    ServerProcess p = servers.get(name);
    p.start(jvmFlags);
    if (name.startsWith("datanode-")) {
      awaitReady(name, dataNodeHttpUrl(Integer.parseInt(name.substring("datanode-".length()))) + "/ready");
    } else if (name.equals("meta")) {
      awaitReady(name, metaUrl() + "/ready");
    } else {
      awaitReady(name, authUrl() + "/ready");
    }
  }

  /** Stops a server gracefully, merges {@code overrides} into its config, and starts it again. */
  void reconfigure(String name, JsonObject overrides) {
    servers.get(name).stop();
    Path file = dir.resolve(name + ".json");
    try {
      JsonObject config = new JsonObject(Files.readString(file)).mergeIn(overrides);
      Files.writeString(file, config.encodePrettily());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    restart(name);
  }

  /** The cluster as meta reports it to an admin. */
  JsonObject clusterState() {
    return Http.getJson(metaUrl() + "/api/v1/cluster", opsToken());
  }

  /** A token of the cluster's operator account (an admin), made on first use. */
  String opsToken() {
    if (opsToken == null) {
      addAdmin(MiniCluster.OPS_USER, MiniCluster.OPS_PASSWORD);
      opsToken = Http.login(authUrl(), MiniCluster.OPS_USER, MiniCluster.OPS_PASSWORD);
    }
    return opsToken;
  }

  /** Adds a user through the auth jar's admin command, password on stdin. */
  void addUser(String user, String password) {
    addAccount(user, password, "user");
  }

  /** Adds an administrator through the auth jar's admin command. */
  void addAdmin(String user, String password) {
    addAccount(user, password, "admin");
  }

  private void addAccount(String user, String password, String role) {
    CommandResult r = run(List.of(Jars.java(), "-jar", Jars.auth().toString(), "user", "add", "--data-dir",
        dir.resolve("auth").toString(), "--name", user, "--role", role, "--password-stdin"), Map.of(),
        password + "\n");
    if (r.exit() != 0) {
      throw new IllegalStateException("user add failed: " + r);
    }
  }

  private void admin(String... args) {
    List<String> cmd = new ArrayList<>(List.of(Jars.java(), "-jar", Jars.auth().toString()));
    cmd.addAll(List.of(args));
    CommandResult r = run(cmd, Map.of(), "");
    if (r.exit() != 0) {
      throw new IllegalStateException(String.join(" ", args) + " failed: " + r);
    }
  }

  /** The client config a CLI run points at this cluster with. */
  Path clientConfig() {
    Path p = dir.resolve("client.json");
    if (!Files.exists(p)) {
      JsonObject client = new JsonObject().put("authUrl", authUrl()).put("metaUrl", metaUrl())
          .put("connectTimeout", "2s").put("ioTimeout", "10s");
      if (tls()) {
        client.put("tls", new JsonObject().put("ca", tlsDir().resolve("ca.crt").toString()));
      }
      write("client.json", client);
    }
    return p;
  }

  /** Runs {@code dfs args...} as a separate process with its own DFS_HOME. */
  CommandResult dfs(Path dfsHome, String stdin, String... args) {
    return dfsWithJvmFlags(List.of(), dfsHome, stdin, args);
  }

  /** As {@link #dfs(Path, String, String...)}, with JVM flags after the defaults, so e.g. its -Xmx wins. */
  CommandResult dfsWithJvmFlags(List<String> jvmFlags, Path dfsHome, String stdin, String... args) {
    return run(cliCommand(jvmFlags, args), cliEnvironment(dfsHome), stdin);
  }

  /**
   * Runs {@code dfs args...} on a pseudo-terminal made by util-linux's {@code script}, as a person at
   * a shell would; the result's stdout is everything the terminal showed, stdout and stderr mixed.
   */
  CommandResult dfsOnTerminal(Path dfsHome, String... args) {
    StringBuilder line = new StringBuilder();
    for (String word : cliCommand(List.of(), args)) {
      line.append(line.length() == 0 ? "" : " ").append('\'').append(word.replace("'", "'\\''")).append('\'');
    }
    return run(List.of("script", "-qefc", line.toString(), "/dev/null"), cliEnvironment(dfsHome), null);
  }

  /**
   * As {@link #dfsWithJvmFlags}, with the CLI's standard output written to {@code stdout} rather than
   * held in this JVM (for {@code get NAME -} of a big file); the result's stdout is empty.
   */
  CommandResult dfsToFile(List<String> jvmFlags, Path dfsHome, Path stdout, String... args) {
    try {
      ProcessBuilder pb = new ProcessBuilder(cliCommand(jvmFlags, args)).redirectOutput(stdout.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      pb.environment().putAll(cliEnvironment(dfsHome));
      Process p = pb.start();
      CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
      if (!p.waitFor(5, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new AssertionError("dfs " + String.join(" ", args) + " did not finish in 5 minutes");
      }
      return new CommandResult(p.exitValue(), new byte[0], new String(err.join(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted");
    }
  }

  private List<String> cliCommand(List<String> jvmFlags, String... args) {
    List<String> cmd = new ArrayList<>(List.of(Jars.java(), "-Xmx256m", "-XX:+UseSerialGC"));
    cmd.addAll(jvmFlags);
    cmd.addAll(List.of("-jar", Jars.cli().toString()));
    cmd.addAll(List.of(args));
    return cmd;
  }

  private Map<String, String> cliEnvironment(Path dfsHome) {
    return Map.of("DFS_HOME", dfsHome.toString(), "DFS_CONFIG", clientConfig().toString());
  }

  static CommandResult run(List<String> command, Map<String, String> env, String stdin) {
    try {
      ProcessBuilder pb = new ProcessBuilder(command);
      pb.environment().putAll(env);
      Process p = pb.start();
      CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
      CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
      try (var in = p.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      }
      if (!p.waitFor(5, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new AssertionError("command did not finish in 5 minutes: " + command);
      }
      return new CommandResult(p.exitValue(), out.join(), new String(err.join(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted");
    }
  }

  private static byte[] readAll(InputStream in) {
    try {
      return in.readAllBytes();
    } catch (IOException e) {
      return new byte[0];
    }
  }

  /** Logs of every server, for a failing test's report. */
  String dump() {
    StringBuilder sb = new StringBuilder("==== cluster in ").append(dir).append('\n');
    for (ServerProcess p : servers.values()) {
      sb.append("---- ").append(p.name()).append(p.alive() ? " (alive)" : " (not running)").append('\n')
          .append(p.logTail(30)).append('\n');
    }
    return sb.toString();
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

  private void killAll() {
    for (ServerProcess p : servers.values()) {
      if (p.alive()) {
        p.kill9();
      }
    }
  }

  @Override
  public void close() {
    List<ServerProcess> reversed = new ArrayList<>(servers.values());
    java.util.Collections.reverse(reversed);
    for (ServerProcess p : reversed) {
      p.stop();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(reaper);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down; the hook runs anyway.
    }
  }
}
