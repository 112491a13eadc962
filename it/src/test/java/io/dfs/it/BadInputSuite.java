package io.dfs.it;

import static org.junit.jupiter.api.Assertions.*;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every bad-input test class shares: a real in-process cluster, canary files written before
 * any bad input and read back byte-identical after the class, and a check after each test that
 * the servers still serve. Each subclass is one surface (tokens, HTTP, block protocol,
 * heartbeats, concurrency).
 */
abstract class BadInputSuite {
  static final Duration QUICK = Duration.ofSeconds(10);
  static final HttpClient RAW = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir static Path work;
  static MiniCluster cluster;
  static LibraryClient alice;
  static LibraryClient bob;
  private static final Map<String, String> canaries = new LinkedHashMap<>();

  @RegisterExtension
  static final MiniClusterDumpOnFailure DUMP = new MiniClusterDumpOnFailure(() -> cluster);

  @BeforeAll
  static void startClusterAndWriteCanaries() throws Exception {
    cluster = MiniCluster.start(Files.createDirectories(work.resolve("cluster")), 3, null,
        new JsonObject().put("idleTimeout", "3s"));
    cluster.addUser("alice", "alice-pw");
    cluster.addUser("bob", "bob-pw");
    alice = new LibraryClient(cluster, "alice", "alice-pw");
    bob = new LibraryClient(cluster, "bob", "bob-pw");
    canaries.clear();
    long[] sizes = {1, 5_000, 300_000, 3_000_000};
    for (int i = 0; i < sizes.length; i++) {
      Path local = TestFiles.random(work, "canary-" + i, sizes[i], 1000 + i);
      alice.put(local, "canary-" + i);
      canaries.put("canary-" + i, TestFiles.sha256(local));
    }
  }

  @AfterEach
  void serversStillServe() {
    assertEquals(200, Http.status(cluster.authUrl() + "/health"));
    assertEquals(200, Http.status(cluster.metaUrl() + "/ready"));
    assertFalse(alice.list().isEmpty(), "meta still answers a normal request");
  }

  @AfterAll
  static void canariesReadBackAndStop() throws Exception {
    try {
      if (cluster != null) {
        for (Map.Entry<String, String> c : canaries.entrySet()) {
          Path back = work.resolve(c.getKey() + ".back");
          alice.get(c.getKey(), back);
          assertEquals(c.getValue(), TestFiles.sha256(back), c.getKey() + " reads back byte-identical");
        }
      }
    } finally {
      Closing.all(alice, bob, cluster);
    }
  }

  /** A raw HTTP exchange, for requests no well-behaved client would send. */
  static HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return RAW.send(request.timeout(QUICK).build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new AssertionError("request failed: " + e, e);
    }
  }

  static HttpRequest.Builder request(String url) {
    return HttpRequest.newBuilder(URI.create(url));
  }

  /** The answer is {@code status} with a JSON body whose {@code error} is {@code error}. */
  static void assertJsonError(HttpResponse<String> r, int status, String error) {
    assertEquals(status, r.statusCode(), () -> "body: " + r.body());
    JsonObject body = new JsonObject(r.body());
    assertEquals(error, body.getString("error"), r.body());
    assertNotNull(body.getString("message"));
  }
}
