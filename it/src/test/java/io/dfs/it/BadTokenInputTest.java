package io.dfs.it;

import static org.junit.jupiter.api.Assertions.*;

import io.dfs.cli.client.FileInfo;
import io.dfs.common.security.BlockTokens;
import io.dfs.common.security.SigningKey;
import io.dfs.common.security.TokenVerifier;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tokens, forged, malformed and misused, against every authenticated endpoint of meta's client and
 * discovery APIs: each is refused with 401 (or 403 for a valid token of the wrong kind) and a JSON
 * error, and nothing changes. The requests aim at the canaries (delete one, report its replica bad,
 * re-join a node holding it with no blocks), so a token let through anywhere shows in the suite's
 * canary check as well as in the status.
 */
class BadTokenInputTest extends BadInputSuite {
  private static final Vertx VERTX = Vertx.vertx();
  private static List<Endpoint> endpoints;

  /** One authenticated request: where it goes and, for a POST, its body. */
  private record Endpoint(String method, String url, JsonObject body) {
    HttpResponse<String> send(String authorization) {
      HttpRequest.Builder r = request(url);
      if (authorization != null) {
        r.header("Authorization", authorization);
      }
      if (body == null) {
        r.method(method, HttpRequest.BodyPublishers.noBody());
      } else {
        r.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body.encode()));
      }
      return BadInputSuite.send(r);
    }

    @Override
    public String toString() {
      return method + " " + url;
    }
  }

  @BeforeAll
  static void listEndpoints() {
    String meta = cluster.metaUrl();
    String discovery = cluster.discoveryUrl();
    String blockId = alice.stat("canary-3").blocks().get(0).id();
    String node = cluster.nodeId(1);
    String pending = alice.createOnly("never-committed.bin", 10).fileId();
    endpoints = List.of(
        new Endpoint("GET", meta + "/v1/files", null),
        new Endpoint("POST", meta + "/v1/files", new JsonObject().put("name", "canary-0").put("size", 10)),
        new Endpoint("POST", meta + "/v1/files/" + pending + "/commit", new JsonObject().put("blocks", new JsonArray())),
        new Endpoint("GET", meta + "/v1/files/canary-0", null),
        new Endpoint("DELETE", meta + "/v1/files/canary-0", null),
        new Endpoint("POST", meta + "/v1/blocks/" + blockId + "/bad",
            new JsonObject().put("node", node).put("reason", "corrupt")),
        new Endpoint("GET", meta + "/api/v1/cluster", null),
        new Endpoint("GET", meta + "/status.json", null),
        new Endpoint("GET", meta + "/api/v1/events", null),
        new Endpoint("POST", discovery + "/v1/nodes/join", new JsonObject().put("nodeId", node)
            .put("host", "127.0.0.1").put("port", 1).put("httpPort", 2).put("capacityBytes", 1 << 20)
            .put("usedBytes", 0).put("blocks", new JsonArray())),
        new Endpoint("POST", discovery + "/v1/nodes/" + node + "/blocks",
            new JsonObject().put("received", new JsonArray()).put("deleted", new JsonArray().add(blockId))),
        new Endpoint("GET", discovery + BlockTokens.KEYS_PATH, null));
  }

  @AfterAll
  static void closeVertx() {
    VERTX.close().await();
  }

  /** Auth's real signing key, read from its data directory as an insider with disk access could. */
  private static SigningKey authKey() throws Exception {
    Path keys = work.resolve("cluster").resolve("auth").resolve("keys");
    String kid = Files.readString(keys.resolve("active")).trim();
    return SigningKey.fromPem(kid, Files.readString(keys.resolve(kid + ".key.pem")),
        Files.readString(keys.resolve(kid + ".pub.pem")));
  }

  private static String sign(SigningKey key, String kid, JsonObject claims) {
    JWTAuth jwt = JWTAuth.create(VERTX, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions()
        .setAlgorithm(TokenVerifier.ALGORITHM).setBuffer(key.privatePem()).setId(kid)));
    return jwt.generateToken(claims, new JWTOptions().setAlgorithm(TokenVerifier.ALGORITHM).setNoTimestamp(true)
        .setHeader(new JsonObject().put("kid", kid)));
  }

  private static JsonObject claims(long iatOffset, long expOffset) {
    long now = System.currentTimeMillis() / 1000;
    return new JsonObject().put("sub", "alice").put("roles", new JsonArray().add("user")).put("iss", "dfs-auth")
        .put("aud", new JsonArray().add("dfs")).put("iat", now + iatOffset).put("exp", now + expOffset);
  }

  private static String b64(String s) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static HttpResponse<String> listWith(String authorization) {
    return endpoints.get(0).send(authorization);
  }

  /** Every endpoint answers this Authorization header with 401 and a JSON error. */
  private static void assertRefusedEverywhere(String authorization) {
    for (Endpoint e : endpoints) {
      HttpResponse<String> r = e.send(authorization);
      assertEquals(401, r.statusCode(), () -> e + " with " + abbreviated(authorization) + ": " + r.body());
      assertJsonError(r, 401, "invalid_token");
    }
  }

  private static void assertRefused(String token) {
    assertRefusedEverywhere("Bearer " + token);
  }

  private static String abbreviated(String s) {
    return s == null ? "no Authorization header" : s.length() > 80 ? s.substring(0, 80) + "…" : s;
  }

  @Test
  void missingOrMalformedTokensAreRefused() {
    assertRefusedEverywhere(null);
    for (Endpoint e : endpoints) {
      assertTrue(e.send(null).headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"), e::toString);
    }
    assertRefusedEverywhere("Basic YWxpY2U6YWxpY2UtcHc=");
    for (String bad : List.of("garbage", "a", "a.b.c.d", "!!!.@@@.###", b64("not json") + "." + b64("{}") + ".x")) {
      assertRefused(bad);
    }
  }

  @Test
  void unsignedAndAlgorithmConfusedTokensAreRefused() throws Exception {
    String body = b64(claims(0, 300).encode());
    assertRefused(b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + body);
    assertRefused(b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + body + ".");
    // HS256 keyed with the public key, the classic confusion attack.
    SigningKey real = authKey();
    String header = b64(new JsonObject().put("alg", "HS256").put("typ", "JWT").put("kid", real.kid()).encode());
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(real.publicPem().getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
    String signature = Base64.getUrlEncoder().withoutPadding()
        .encodeToString(mac.doFinal((header + "." + body).getBytes(StandardCharsets.US_ASCII)));
    assertRefused(header + "." + body + "." + signature);
  }

  @Test
  void tokensFromTheWrongKeyOrKidAreRefused() throws Exception {
    SigningKey attacker = SigningKey.generate();
    assertRefused(sign(attacker, authKey().kid(), claims(0, 300)));
    assertRefused(sign(attacker, attacker.kid(), claims(0, 300)));
    for (String kid : List.of("../../dev/null", "' OR 1=1 --", "k".repeat(2_000))) {
      assertRefused(sign(authKey(), kid, claims(0, 300)));
    }
    String flipped = sign(authKey(), authKey().kid(), claims(0, 300));
    char last = flipped.charAt(flipped.length() - 2);
    assertRefused(flipped.substring(0, flipped.length() - 2) + (last == 'A' ? 'B' : 'A') + flipped.charAt(flipped.length() - 1));
  }

  @Test
  void tokensOutsideTheirTimeOrForAnotherIssuerOrAudienceAreRefused() throws Exception {
    SigningKey key = authKey();
    assertRefused(sign(key, key.kid(), claims(-7200, -3600)));
    assertRefused(sign(key, key.kid(), claims(0, 300).put("nbf", System.currentTimeMillis() / 1000 + 3600)));
    assertRefused(sign(key, key.kid(), claims(0, 300).put("iss", "someone-else")));
    assertRefused(sign(key, key.kid(), claims(0, 300).put("aud", new JsonArray().add("other"))));
    JsonObject noExpiry = claims(0, 300);
    noExpiry.remove("exp");
    assertRefused(sign(key, key.kid(), noExpiry));
    assertTrue(listWith("Bearer " + sign(key, key.kid(), claims(0, 300))).statusCode() == 200,
        "the same key and claims, in time, are accepted");
  }

  @Test
  void hugeHeadersAreRefusedBeforeAnyParsing() {
    HttpResponse<String> r = listWith("Bearer " + "x".repeat(100_000));
    assertEquals(431, r.statusCode());
  }

  @Test
  void tokenKindsAreNeverInterchangeable() throws Exception {
    // A user's token cannot join as a data node.
    HttpResponse<String> join = send(request(cluster.discoveryUrl() + "/v1/nodes/join")
        .header("Authorization", "Bearer " + alice.token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("nodeId", "datanode-9").encode())));
    assertJsonError(join, 403, "forbidden");
    // A block token is no login token.
    FileInfo canary = alice.stat("canary-1");
    String blockToken = canary.blocks().get(0).blockToken();
    assertNotNull(blockToken);
    assertRefused(blockToken);
    // Nor get the secret block tokens are signed with.
    HttpResponse<String> keys = send(request(cluster.discoveryUrl() + BlockTokens.KEYS_PATH)
        .header("Authorization", "Bearer " + alice.token));
    assertJsonError(keys, 403, "forbidden");
    // A user cannot read the admin-only cluster view.
    HttpResponse<String> clusterView = send(request(cluster.metaUrl() + "/api/v1/cluster")
        .header("Authorization", "Bearer " + alice.token));
    assertJsonError(clusterView, 403, "forbidden");
  }
}
