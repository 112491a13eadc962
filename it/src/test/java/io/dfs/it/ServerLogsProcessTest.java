package io.dfs.it;

import static org.junit.jupiter.api.Assertions.*;

import io.dfs.common.wire.BlockProtocol;
import io.dfs.common.wire.FrameCodec;
import io.vertx.core.json.JsonObject;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The servers' own log output, from their jars: expected errors (a bad token, an unknown file, a
 * refused block request) are one line each, without a stack trace; every line names its component,
 * a data node's also its node id, from whichever thread it was logged; and {@code logLevel} decides
 * whether debug lines are written: the data node runs with {@code DEBUG}, meta with no level set.
 * Each server's start line names its socket transport: epoll, since the tests run on x86-64 Linux,
 * the platform whose native library is shipped.
 */
@ExtendWith(ProcessClusterDumpOnFailure.class)
class ServerLogsProcessTest {
  private static final Pattern LINE_START = Pattern.compile("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3} ");
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir static Path work;
  static ProcessCluster cluster;
  static String aliceToken;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = ProcessCluster.start(Files.createDirectories(work.resolve("cluster")), 1, new JsonObject(),
        new JsonObject().put("logLevel", "DEBUG"));
    ProcessClusterDumpOnFailure.watch(cluster);
    cluster.addUser("alice", "alice-pw");
    aliceToken = Http.login(cluster.authUrl(), "alice", "alice-pw");
  }

  @AfterAll
  static void stopCluster() {
    Closing.all(cluster);
  }

  @Test
  void metaLogsABadTokenAndAnUnknownFileInOneLineEachWithoutStackTrace() throws Exception {
    String badTokenFile = "bad-token-" + UUID.randomUUID();
    String unknownFile = "unknown-" + UUID.randomUUID();

    assertEquals(401, get(cluster.metaUrl() + "/v1/files/" + badTokenFile, "not.a.token"));
    assertEquals(404, get(cluster.metaUrl() + "/v1/files/" + unknownFile, aliceToken));

    awaitLine("meta", line -> line.contains(badTokenFile));
    awaitLine("meta", line -> line.contains(unknownFile));
    List<String> meta = lines("meta");
    List<String> badToken = matching(meta, line -> line.contains(badTokenFile));
    assertEquals(1, badToken.size(), badToken::toString);
    assertTrue(badToken.get(0).matches(".* INFO  meta \\S+ event=auth_decision .*outcome=denied.*"), badToken.get(0));
    List<String> unknown = matching(meta, line -> line.contains(unknownFile));
    assertEquals(1, unknown.size(), unknown::toString);
    assertTrue(unknown.get(0).matches(".* INFO  meta HttpErrors event=http_refused method=GET .*code=not_found.*"),
        unknown.get(0));
    assertNoStackTrace("meta", meta);
    assertEachLineNames("meta", meta, " meta ");
    assertTrue(matching(meta, line -> line.contains(" DEBUG meta ")).isEmpty(),
        "meta has no logLevel: no debug lines, though each request above has one at debug");
  }

  @Test
  void aDataNodeLogsRefusedBlockRequestsInOneLineEachNamingTheNode() throws Exception {
    JsonObject badToken = new JsonObject().put("blockId", UUID.randomUUID().toString()).put("auth", "not.a.token")
        .put("blockToken", "x");
    assertEquals("invalid_token", blockError(badToken));
    JsonObject badBlockId = new JsonObject().put("blockId", "../../etc/passwd").put("auth", aliceToken)
        .put("blockToken", "x");
    assertEquals("invalid_block_id", blockError(badBlockId));

    Predicate<String> denied = line -> line.contains("what=\"GET_BLOCK\"") && line.contains("outcome=denied");
    Predicate<String> refused = line -> line.contains("event=block_refused") && line.contains("invalid_block_id");
    awaitLine("datanode-1", denied);
    awaitLine("datanode-1", refused);
    List<String> node = lines("datanode-1");
    List<String> atInfo = matching(node, line -> !line.contains(" DEBUG "));
    assertEquals(1, matching(atInfo, denied).size(), () -> matching(atInfo, denied).toString());
    assertEquals(1, matching(atInfo, refused).size(), () -> matching(atInfo, refused).toString());
    assertTrue(matching(atInfo, denied).get(0).contains(" INFO  datanode node=datanode-1 audit "),
        matching(atInfo, denied).get(0));
    assertNoStackTrace("datanode-1", node);
    assertEachLineNames("datanode-1", node, " datanode node=datanode-1 ");
    assertFalse(matching(node, line -> line.contains("event=store_opened")).isEmpty(),
        "the store's line, logged on a worker thread, is among them");

    // logLevel DEBUG: the requests' access lines are written too.
    assertEquals(2, matching(node, line -> line.contains(
        " DEBUG datanode node=datanode-1 BlockConnection event=block_request type=GET_BLOCK")).size(),
        () -> String.join("\n", node));
  }

  @Test
  void everyServerRunsOnTheNativeEpollTransportAndSaysSoWhenItStarts() {
    Map<String, String> startLines = Map.of("auth", "event=started ", "meta", "event=meta_started ",
        "datanode-1", "event=started ");
    startLines.forEach((server, event) -> {
      List<String> started = matching(lines(server), line -> line.contains(event));
      assertEquals(1, started.size(), () -> server + ": " + started);
      assertTrue(started.get(0).endsWith(" transport=epoll"), started.get(0));
    });
  }

  /** Sends one GET_BLOCK request and answers the code of the ERROR frame it gets back. */
  private static String blockError(JsonObject header) throws IOException {
    try (Socket s = new Socket("127.0.0.1", cluster.dataPort(1))) {
      s.setSoTimeout(30_000);
      s.getOutputStream().write(FrameCodec.json(BlockProtocol.TYPE_GET_BLOCK, header).getBytes());
      s.getOutputStream().flush();
      DataInputStream in = new DataInputStream(s.getInputStream());
      int length = in.readInt();
      byte type = in.readByte();
      assertEquals(BlockProtocol.TYPE_ERROR, type);
      return new JsonObject(new String(in.readNBytes(length), StandardCharsets.UTF_8)).getString("code");
    }
  }

  private static int get(String url, String token) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  /** Lines reach the file a moment after the answer: wait for the line sought. */
  private static void awaitLine(String server, Predicate<String> line) {
    Http.await("a line in " + server + "'s log", Duration.ofSeconds(30),
        () -> !matching(lines(server), line).isEmpty());
  }

  private static List<String> lines(String server) {
    try {
      return Files.readAllLines(work.resolve("cluster").resolve("log").resolve(server + ".log"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AssertionError("cannot read " + server + "'s log", e);
    }
  }

  private static List<String> matching(List<String> lines, Predicate<String> which) {
    return lines.stream().filter(which).toList();
  }

  private static void assertNoStackTrace(String server, List<String> lines) {
    assertTrue(matching(lines, line -> line.startsWith("\tat ")).isEmpty(),
        () -> server + " logged a stack trace:\n" + String.join("\n", lines));
  }

  private static void assertEachLineNames(String server, List<String> lines, String component) {
    List<String> logged = matching(lines, line -> LINE_START.matcher(line).find());
    assertFalse(logged.isEmpty(), server + " logged nothing");
    for (String line : logged) {
      assertTrue(line.matches("\\S+ \\S+ [A-Z]+ +" + Pattern.quote(component.trim()) + " .*"),
          () -> server + ": a line without '" + component.trim() + "': " + line);
    }
  }
}
