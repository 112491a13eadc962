package io.dfs.it;

import static org.junit.jupiter.api.Assertions.*;

import io.dfs.cli.client.FileInfo;
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
import org.junit.jupiter.api.Test;

/**
 * Tokens, forged, malformed and misused, against meta's client and discovery APIs: each is
 * refused with 401 (or 403 for a valid token of the wrong kind) and a JSON error, and nothing
 * changes.
 */
class BadTokenInputTest extends BadInputSuite {
  private static final Vertx VERTX = Vertx.vertx();

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
    HttpRequest.Builder r = request(cluster.metaUrl() + "/v1/files");
    if (authorization != null) {
      r.header("Authorization", authorization);
    }
    return send(r);
  }

  private static void assertRefused(String token) {
    assertJsonError(listWith("Bearer " + token), 401, "invalid_token");
  }

  @Test
  void missingOrMalformedTokensAreRefused() {
    HttpResponse<String> none = listWith(null);
    assertJsonError(none, 401, "invalid_token");
    assertTrue(none.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
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
    // A user cannot read the admin-only cluster view.
    HttpResponse<String> clusterView = send(request(cluster.metaUrl() + "/api/v1/cluster")
        .header("Authorization", "Bearer " + alice.token));
    assertJsonError(clusterView, 403, "forbidden");
  }
}
