package io.dfs.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.*;

import io.dfs.cli.DfsMain;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /metrics}, {@code /health} and {@code /ready} on every server of a real cluster: the
 * metrics parse as Prometheus text, need a scrape (or admin) token, and their counters move with a
 * put and a get; readiness answers 503 until a server can serve and 200 after.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MetricsTest {
  private static final Duration PATIENCE = Duration.ofSeconds(30);
  @TempDir static Path work;
  static MiniCluster cluster;
  static LibraryClient alice;
  static String adminToken;

  @RegisterExtension
  static final MiniClusterDumpOnFailure DUMP = new MiniClusterDumpOnFailure(() -> cluster);

  @BeforeAll
  static void start() throws Exception {
    cluster = MiniCluster.start(Files.createDirectories(work.resolve("cluster")), 3, null);
    cluster.addUser("alice", "alice-pw");
    cluster.addAdmin("root", "root-pw");
    alice = new LibraryClient(cluster, "alice", "alice-pw");
    adminToken = Http.login(cluster.authUrl(), "root", "root-pw");
  }

  @AfterAll
  static void stop() {
    Closing.all(alice, cluster);
  }

  /** Every server's metrics URL by name. */
  private static Map<String, String> metricsUrls() {
    Map<String, String> urls = new LinkedHashMap<>();
    for (String name : cluster.names()) {
      urls.put(name, cluster.readyUrl(name).replaceFirst("/ready$", "/metrics"));
    }
    return urls;
  }

  private static String scrapeToken(long ttlSeconds) {
    JsonObject answer = Http.postJson(cluster.authUrl() + "/v1/tokens/metrics", adminToken,
        new JsonObject().put("ttlSeconds", ttlSeconds).encode());
    assertEquals(200, answer.getInteger("_status"), answer::encode);
    assertEquals(ttlSeconds, answer.getLong("expiresIn"));
    return answer.getString("token");
  }

  private static PrometheusText scrape(String url, String token) {
    HttpResponse<String> r = Http.get(url, token);
    assertEquals(200, r.statusCode(), () -> url + ": " + r.body());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"),
        () -> url + " content type " + r.headers().firstValue("Content-Type"));
    return PrometheusText.parse(r.body());
  }

  @Test
  @Order(1)
  void metricsNeedAScrapeOrAdminTokenOnEveryServer() {
    String scraper = scrapeToken(3600);
    for (Map.Entry<String, String> server : metricsUrls().entrySet()) {
      String url = server.getValue();
      HttpResponse<String> none = Http.get(url, null);
      assertEquals(401, none.statusCode(), server.getKey());
      assertEquals("invalid_token", new JsonObject(none.body()).getString("error"), server.getKey());
      HttpResponse<String> user = Http.get(url, alice.token);
      assertEquals(403, user.statusCode(), server.getKey());
      assertEquals("forbidden", new JsonObject(user.body()).getString("error"), server.getKey());
      assertEquals(401, Http.get(url, damaged(scraper)).statusCode(), server.getKey() + " with a damaged token");
      scrape(url, scraper);
      scrape(url, adminToken);
    }
    // A scrape token reads metrics and nothing else.
    assertEquals(403, Http.get(cluster.metaUrl() + "/v1/files", scraper).statusCode());
    assertEquals(403, Http.get(cluster.metaUrl() + "/api/v1/cluster", scraper).statusCode());
    assertEquals(403, Http.postJson(cluster.authUrl() + "/v1/tokens/metrics", scraper, "{}").getInteger("_status"));
    assertEquals(403, Http.postJson(cluster.authUrl() + "/v1/tokens/metrics", alice.token, "{}")
        .getInteger("_status"), "only an admin gets scrape tokens");
  }

  @Test
  @Order(2)
  void scrapeTokensHaveABoundedLifetime() {
    for (String body : List.of("{\"ttlSeconds\": 0}", "{\"ttlSeconds\": 7776001}", "{\"ttlSeconds\": \"1d\"}",
        "{\"ttlSeconds\": 1.5}", "[1]")) {
      JsonObject answer = Http.postJson(cluster.authUrl() + "/v1/tokens/metrics", adminToken, body);
      assertEquals(400, answer.getInteger("_status"), body);
      assertEquals("bad_request", answer.getString("error"), body);
    }
    JsonObject byDefault = Http.postJson(cluster.authUrl() + "/v1/tokens/metrics", adminToken, "");
    assertEquals(200, byDefault.getInteger("_status"), byDefault::encode);
    assertEquals(Duration.ofDays(30).toSeconds(), byDefault.getLong("expiresIn"));
    // The cap itself (auth's default metricsTokenMaxTtl) is allowed.
    scrapeToken(Duration.ofDays(90).toSeconds());
  }

  @Test
  @Order(3)
  void theCliPrintsAScrapeTokenForAnAdmin() throws Exception {
    Path home = Files.createDirectories(work.resolve("cli-home"));
    Path config = Files.writeString(work.resolve("client.json"), new JsonObject().put("authUrl", cluster.authUrl())
        .put("metaUrl", cluster.metaUrl()).encode());
    Map<String, String> env = Map.of("DFS_HOME", home.toString(), "DFS_CONFIG", config.toString());
    assertEquals(0, dfs(env, "root-pw\n", "login", "--user", "root", "--password-stdin", "--quiet").exit());

    Cli printed = dfs(env, null, "metrics-token", "--ttl", "2h");
    assertEquals(0, printed.exit(), printed::toString);
    String token = printed.out().strip();
    scrape(cluster.metaUrl() + "/metrics", token);
    Cli json = dfs(env, null, "metrics-token", "--json");
    assertEquals(Duration.ofDays(30).toSeconds(), new JsonObject(json.out()).getLong("expiresIn"), json::toString);

    Cli tooLong = dfs(env, null, "metrics-token", "--ttl", "91d");
    assertEquals(1, tooLong.exit(), tooLong::toString);
    assertTrue(tooLong.err().startsWith("dfs: ") && tooLong.err().contains("metricsTokenMaxTtl"), tooLong::toString);
    assertEquals(2, dfs(env, null, "metrics-token", "--ttl", "soon").exit());

    assertEquals(0, dfs(env, "alice-pw\n", "login", "--user", "alice", "--password-stdin", "--quiet").exit());
    Cli notAdmin = dfs(env, null, "metrics-token");
    assertEquals(1, notAdmin.exit(), notAdmin::toString);
    assertEquals("", notAdmin.out());
  }

  private record Cli(int exit, String out, String err) {}

  private static Cli dfs(Map<String, String> env, String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = DfsMain.run(args, new ByteArrayInputStream(stdin == null ? new byte[0] : stdin.getBytes(UTF_8)),
        new PrintStream(out, true, UTF_8), new PrintStream(err, true, UTF_8), env);
    return new Cli(exit, out.toString(UTF_8), err.toString(UTF_8));
  }

  @Test
  @Order(4)
  void countersMoveAfterAPutAndAGet() throws Exception {
    String token = scrapeToken(3600);
    Map<String, String> urls = metricsUrls();
    List<String> nodes = List.of(cluster.nodeId(1), cluster.nodeId(2), cluster.nodeId(3));
    Map<String, PrometheusText> before = new LinkedHashMap<>();
    urls.forEach((name, url) -> before.put(name, scrape(url, token)));

    Path local = TestFiles.random(work, "m.bin", 3 * 1024 * 1024 + 5, 7);
    String id = alice.put(local, "m.bin");
    int blocks = alice.stat(id).blocks().size();
    alice.get("m.bin", work.resolve("m.back"));
    assertEquals(TestFiles.sha256(local), TestFiles.sha256(work.resolve("m.back")));
    // The third replica's report may trail the commit; the nodes count a block once it is stored.
    Http.await("three replicas of every block stored", PATIENCE, () -> sum(nodes, urls, token,
        "dfs_datanode_blocks_written_total") - sum(nodes, before, "dfs_datanode_blocks_written_total")
        == 3.0 * blocks);

    Map<String, PrometheusText> after = new LinkedHashMap<>();
    urls.forEach((name, url) -> after.put(name, scrape(url, token)));
    assertEquals(3.0 * blocks, sum(nodes, after, "dfs_datanode_block_requests_seconds_count",
        Map.of("op", "PUT_BLOCK", "outcome", "ok")) - sum(nodes, before, "dfs_datanode_block_requests_seconds_count",
        Map.of("op", "PUT_BLOCK", "outcome", "ok")), "every replica's PUT_BLOCK timed");
    assertEquals(blocks, sum(nodes, after, "dfs_datanode_reads_total") - sum(nodes, before, "dfs_datanode_reads_total"));
    assertEquals(Files.size(local), sum(nodes, after, "dfs_datanode_bytes_read_total")
        - sum(nodes, before, "dfs_datanode_bytes_read_total"));
    assertEquals(3.0 * Files.size(local), sum(nodes, after, "dfs_datanode_bytes_written_total")
        - sum(nodes, before, "dfs_datanode_bytes_written_total"));
    assertTrue(sum(nodes, after, "dfs_datanode_blocks") >= 3.0 * blocks);
    // Vert.x makes its TCP meters at a port's first connection.
    double bytesIn = 0;
    for (String node : nodes) {
      bytesIn += after.get(node).sum("vertx_net_server_bytes_read_total", Map.of())
          - sumOrZero(before.get(node), "vertx_net_server_bytes_read_total", Map.of());
    }
    // Vert.x reports a connection's bytes 4 KiB at a time and the rest when it closes, and clients
    // and nodes keep their block connections open for the next block.
    double unreported = 4096 * sum(nodes, after, "dfs_datanode_block_connections");
    assertTrue(bytesIn >= 3 * Files.size(local) - unreported, "the block ports' bytes in: " + bytesIn
        + ", up to " + unreported + " not reported yet");

    PrometheusText meta = after.get(MiniCluster.META);
    PrometheusText metaBefore = before.get(MiniCluster.META);
    Map<String, String> create = Map.of("method", "POST", "route", "/v1/files", "code", "201");
    assertTrue(sumOrZero(meta, "vertx_http_server_requests_total", create)
        > sumOrZero(metaBefore, "vertx_http_server_requests_total", create),
        () -> "meta counted the create: " + meta.families().get("vertx_http_server_requests_total"));
    assertTrue(meta.value("dfs_meta_files") >= 1);
    assertEquals(3.0, meta.value("dfs_meta_nodes", Map.of("state", "live")));
    for (String node : nodes) {
      double lag = meta.value("dfs_meta_heartbeat_lag_seconds", Map.of("node", node));
      assertTrue(lag >= 0 && lag < 10, node + " lag " + lag);
    }
    assertTrue(meta.value("dfs_meta_rocksdb_estimated_keys") > 0);
    assertTrue(meta.has("dfs_meta_replication_queued"));
    assertTrue(meta.has("dfs_meta_replication_copies_total"));
    assertTrue(meta.has("dfs_meta_repair_scans_total"));

    PrometheusText auth = after.get(MiniCluster.AUTH);
    Map<String, String> login = Map.of("method", "POST", "route", "/v1/token");
    assertTrue(auth.sum("vertx_http_server_requests_total", login) >= 1, "auth counted the logins");
    for (PrometheusText server : after.values()) {
      // The heap as a whole: one pool of it (eden, a survivor space) can be empty just after a GC.
      assertTrue(server.sum("jvm_memory_used_bytes", Map.of("area", "heap")) > 0);
      assertTrue(server.value("process_files_open_files") > 0);
      assertTrue(server.has("jvm_threads_live_threads"));
      assertTrue(server.has("jvm_gc_pause_seconds") || server.has("jvm_gc_memory_allocated_bytes_total"));
      assertTrue(server.has("process_cpu_usage"));
    }
  }

  @Test
  @Order(5)
  void readinessFollowsStartUp() {
    String node = cluster.nodeId(1);
    String nodeReady = cluster.readyUrl(node);
    String nodeHealth = nodeReady.replaceFirst("/ready$", "/health");
    String metaReady = cluster.readyUrl(MiniCluster.META);
    assertEquals(200, Http.status(nodeReady));
    assertEquals(200, Http.status(metaReady));
    assertEquals(200, Http.status(cluster.readyUrl(MiniCluster.AUTH)));

    // Meta down: nothing answers on its port; a data node started now serves health but is not ready.
    cluster.kill(MiniCluster.META);
    cluster.kill(node);
    assertEquals(-1, Http.status(metaReady));
    assertEquals(-1, Http.status(nodeReady));
    cluster.startWithoutWaiting(node);
    assertEquals(200, Http.status(nodeHealth));
    HttpResponse<String> notReady = Http.get(nodeReady, null);
    assertEquals(503, notReady.statusCode());
    JsonObject error = new JsonObject(notReady.body());
    assertEquals("unavailable", error.getString("error"));
    assertTrue(error.getString("message").contains(node), error::encode);

    // Once meta is back and the node has joined, both are ready.
    cluster.restart(MiniCluster.META);
    assertEquals(200, Http.status(metaReady));
    Http.await(node + " ready once joined", PATIENCE, () -> Http.status(nodeReady) == 200);
    assertEquals("ready", Http.getJson(nodeReady, null).getString("status"));
    assertEquals(200, Http.status(nodeHealth));

    // Auth likewise answers only once its keys are loaded, and is ready then.
    String authReady = cluster.readyUrl(MiniCluster.AUTH);
    cluster.kill(MiniCluster.AUTH);
    assertEquals(-1, Http.status(authReady));
    cluster.restart(MiniCluster.AUTH);
    assertEquals(200, Http.status(authReady));
    assertEquals(200, Http.status(authReady.replaceFirst("/ready$", "/health")));
  }

  /** The token with one character of its signature changed. */
  private static String damaged(String token) {
    int at = token.length() - 10;
    return token.substring(0, at) + (token.charAt(at) == 'A' ? 'B' : 'A') + token.substring(at + 1);
  }

  private static double sum(List<String> nodes, Map<String, String> urls, String token, String series) {
    double total = 0;
    for (String node : nodes) {
      total += scrape(urls.get(node), token).value(series);
    }
    return total;
  }

  private static double sum(List<String> nodes, Map<String, PrometheusText> scrapes, String series) {
    return sum(nodes, scrapes, series, Map.of());
  }

  private static double sum(List<String> nodes, Map<String, PrometheusText> scrapes, String series,
      Map<String, String> labels) {
    double total = 0;
    for (String node : nodes) {
      total += scrapes.get(node).sum(series, labels);
    }
    return total;
  }

  private static double sumOrZero(PrometheusText text, String series, Map<String, String> labels) {
    try {
      return text.sum(series, labels);
    } catch (AssertionError none) {
      return 0;
    }
  }
}
