package io.dfs.it;

import static org.junit.jupiter.api.Assertions.*;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Bad requests to meta's file API: each gets a 4xx JSON error before anything is created, and
 * users never reach each other's files.
 */
class BadHttpInputTest extends BadInputSuite {

  private static HttpResponse<String> create(String body) {
    return send(request(cluster.metaUrl() + "/v1/files").header("Authorization", "Bearer " + alice.token)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private static String createBody(String name, Object size) {
    return "{\"name\":" + io.vertx.core.json.Json.encode(name) + ",\"size\":" + size + "}";
  }

  @Test
  void malformedOversizedAndOutOfRangeBodiesAreRefused() {
    assertJsonError(create("{not json"), 400, "bad_request");
    assertJsonError(create("[]"), 400, "bad_request");
    assertJsonError(create(createBody("a", -1)), 400, "bad_request");
    assertJsonError(create(createBody("a", "9223372036854775807")), 400, "bad_request");
    assertJsonError(create(createBody("a", "1e300")), 400, "bad_request");
    assertJsonError(create("{\"name\":\"big\",\"size\":1,\"pad\":\"" + "x".repeat(2_000_000) + "\"}"), 413, "too_large");
  }

  @Test
  void badNamesAreRefused() {
    for (String name : List.of("a\u0000b", "..", "../etc/passwd", "a/../b", "/", "", "n".repeat(10_000))) {
      assertJsonError(create(createBody(name, 1)), 400, "invalid_name");
    }
  }

  @Test
  void unknownAndOtherUsersFilesAreNotFound() {
    String id = alice.stat("canary-0").id();
    assertJsonError(get("/v1/files/" + id, bob.token), 404, "not_found");
    assertJsonError(get("/v1/files/canary-0", bob.token), 404, "not_found");
    assertJsonError(get("/v1/files/" + java.util.UUID.randomUUID(), alice.token), 404, "not_found");
    assertJsonError(send(request(cluster.metaUrl() + "/v1/files/" + id).header("Authorization", "Bearer " + bob.token)
        .DELETE()), 404, "not_found");
    assertJsonError(get("/v1/files?owner=alice", bob.token), 403, "forbidden");
    HttpResponse<String> traversal = get("/v1/files/" + URLEncoder.encode("../../etc/passwd", StandardCharsets.UTF_8),
        alice.token);
    assertTrue(traversal.statusCode() == 400 || traversal.statusCode() == 404, traversal::body);
  }

  private static HttpResponse<String> get(String path, String token) {
    return send(request(cluster.metaUrl() + path).header("Authorization", "Bearer " + token));
  }
}
