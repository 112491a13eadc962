package io.dfs.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dfs.auth.accounts.AccountStore;
import io.dfs.auth.accounts.Enrollment;
import io.dfs.auth.accounts.PasswordHasher;
import io.dfs.auth.keys.SigningKeys;
import io.dfs.auth.testsupport.TestClock;
import io.dfs.common.config.AuthConfig;
import io.dfs.common.config.ConfigLoader;
import io.dfs.common.error.DfsException;
import io.dfs.common.error.ErrorCode;
import io.dfs.common.http.JsonHttpClient;
import io.dfs.common.security.TokenVerifier;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /v1/keys/rotate} over real HTTP. Tokens are checked the way other components check
 * them: a {@link TokenVerifier} whose key source GETs the JWKS. Key retirement goes by a test clock.
 */
@ExtendWith(VertxExtension.class)
class KeyRotationTest {
  private static final String ISS = AuthConfig.DEFAULT_ISSUER;
  private static final String AUD = AuthConfig.DEFAULT_AUDIENCE;
  /** Token lifetime 15 min + verifier leeway 30 s + rotation margin 5 s. */
  private static final Duration RETENTION = Duration.ofMinutes(15).plusSeconds(35);

  @TempDir
  Path dataDir;
  private Vertx vertx;
  private final TestClock clock = new TestClock();
  private AuthServer server;
  private JsonHttpClient http;

  @BeforeEach
  void start(Vertx vertx) throws IOException {
    this.vertx = vertx;
    Enrollment enrollment = new Enrollment(AccountStore.open(dataDir), new PasswordHasher());
    enrollment.user("alice", "wonderland", true);
    enrollment.user("bob", "builder", false);
    enrollment.service("datanode-1", "datanode", "node-secret");
    server = AuthServer.start(vertx, config(dataDir), clock).await();
    http = new JsonHttpClient(vertx);
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop().await();
    }
  }

  private static AuthConfig config(Path dir) {
    return ConfigLoader.fromJson(new JsonObject().put("host", "127.0.0.1").put("port", 0)
        .put("dataDir", dir.toString()).put("tokenTtl", "15m").encode(), AuthConfig.class);
  }

  @Test
  void rotationNeedsAnAdminTokenFromThisServer(@TempDir Path otherDir) throws IOException {
    String kid = server.activeKid();

    HttpCalls.Answer none = rotate(null);
    assertEquals(401, none.status());
    assertEquals("Bearer", none.header("WWW-Authenticate"));
    assertEquals(new JsonObject().put("error", "invalid_token").put("message", "missing bearer token"), none.json());
    assertEquals(401, rotate("Basic YWxpY2U6d29uZGVybGFuZA==").status());
    HttpCalls.Answer garbage = rotate("Bearer not.a.token");
    assertEquals(401, garbage.status());
    assertEquals("Bearer", garbage.header("WWW-Authenticate"));
    assertEquals("invalid_token", garbage.json().getString("error"));

    HttpCalls.Answer user = rotate("Bearer " + token("bob", "builder"));
    assertEquals(403, user.status());
    assertEquals(new JsonObject().put("error", "forbidden").put("message", "rotate_keys needs a token with role admin"),
        user.json());
    HttpCalls.Answer node = rotate("Bearer " + HttpCalls.login(server.url(),
        new JsonObject().put("nodeId", "datanode-1").put("secret", "node-secret")).json().getString("token"));
    assertEquals(403, node.status());

    new Enrollment(AccountStore.open(otherDir), new PasswordHasher()).user("alice", "wonderland", true);
    AuthServer other = AuthServer.start(vertx, config(otherDir)).await();
    try {
      String foreign = HttpCalls.login(other.url(), user("alice", "wonderland")).json().getString("token");
      assertEquals(401, rotate("Bearer " + foreign).status(), "an admin token of another auth server");
    } finally {
      other.stop().await();
    }

    assertEquals(kid, server.activeKid());
    assertEquals(Set.of(kid), publishedKids());
  }

  @Test
  void aRotationSwitchesSigningAtOnceAndTokensSignedBeforeStillVerify() {
    String oldKid = server.activeKid();
    String before = token("alice", "wonderland");

    HttpCalls.Answer rotated = rotate("Bearer " + before);

    assertEquals(200, rotated.status(), rotated.body());
    String newKid = rotated.json().getString("kid");
    assertEquals(new JsonObject().put("kid", newKid).put("previousKid", oldKid), rotated.json());
    assertNotEquals(oldKid, newKid);
    assertEquals(newKid, server.activeKid());
    assertEquals(Set.of(oldKid, newKid), publishedKids());

    String after = token("alice", "wonderland");
    assertEquals(oldKid, kidOf(before));
    assertEquals(newKid, kidOf(after));
    TokenVerifier verifier = verifierOverJwks();
    assertEquals("alice", verifier.verify(before).await().subject());
    assertEquals("alice", verifier.verify(after).await().subject());

    HttpCalls.Answer again = rotate("Bearer " + after);
    assertEquals(200, again.status(), "a token signed with the new key is an admin token too: " + again.body());
    assertEquals(newKid, again.json().getString("previousKid"));
    assertEquals(Set.of(oldKid, newKid, again.json().getString("kid")), publishedKids());
  }

  @Test
  void theOldKeyLeavesTheJwksOnceEveryTokenItSignedHasExpired() {
    String before = token("alice", "wonderland");
    String oldKid = server.activeKid();
    String newKid = rotate("Bearer " + before).json().getString("kid");

    clock.advance(RETENTION.minusMillis(1));
    assertEquals(Set.of(oldKid, newKid), publishedKids());

    clock.advance(Duration.ofMillis(1));
    assertEquals(Set.of(newKid), publishedKids());
    DfsException e = assertThrows(DfsException.class, () -> verifierOverJwks().verify(before).await());
    assertEquals(ErrorCode.UNAUTHORIZED, e.code());
    assertEquals("alice", verifierOverJwks().verify(token("alice", "wonderland")).await().subject());
  }

  @Test
  void aRestartKeepsPublishingTheOldKeyUntilItsTimeAndStopsAfter() {
    String before = token("alice", "wonderland");
    String oldKid = server.activeKid();
    String newKid = rotate("Bearer " + before).json().getString("kid");
    Path keys = dataDir.resolve("keys");
    assertTrue(Files.exists(keys.resolve(oldKid + ".retired")));
    assertFalse(Files.exists(keys.resolve(oldKid + ".key.pem")), "a retired private key is deleted");

    restart();
    assertEquals(newKid, server.activeKid());
    assertEquals(Set.of(oldKid, newKid), publishedKids());
    assertEquals("alice", verifierOverJwks().verify(before).await().subject());

    clock.advance(RETENTION);
    restart();
    assertEquals(newKid, server.activeKid());
    assertEquals(Set.of(newKid), publishedKids());
    assertFalse(Files.exists(keys.resolve(oldKid + ".pub.pem")));
    assertTrue(Files.exists(keys.resolve("expired").resolve(oldKid + ".pub.pem")));
    assertTrue(Files.exists(keys.resolve("expired").resolve(oldKid + ".retired")));
  }

  @Test
  void retentionIsTheTokenLifetimePlusTheVerifierLeewayAndTheMargin() {
    assertEquals(Duration.ofMinutes(15).plusSeconds(TokenVerifier.LEEWAY_SECONDS).plus(SigningKeys.ROTATION_MARGIN),
        RETENTION);
  }

  @Test
  void auditsRotationsAndRefusalsWithoutTokens() {
    try (LogCapture logs = new LogCapture()) {
      String admin = token("alice", "wonderland");
      String user = token("bob", "builder");
      String oldKid = server.activeKid();
      rotate(null);
      rotate("Bearer " + user);
      String newKid = rotate("Bearer " + admin).json().getString("kid");

      String line = "event=auth_decision who=%s kind=%s what=rotate_keys from=127.0.0.1 outcome=%s";
      assertEquals(List.of(
              String.format(line, "-", "-", "denied"),
              String.format(line, "bob", "user", "forbidden"),
              String.format(line, "alice", "user", "ok"),
              "event=key_rotated who=alice kid=" + newKid + " previousKid=" + oldKid),
          logs.messagesOf("audit").stream().filter(m -> !m.contains("what=login")).toList());
      for (String m : logs.messages()) {
        assertFalse(m.contains(admin) || m.contains(user) || m.contains("wonderland") || m.contains("builder"), m);
      }
    }
  }

  private void restart() {
    server.stop().await();
    server = null;
    server = AuthServer.start(vertx, config(dataDir), clock).await();
  }

  private HttpCalls.Answer rotate(String authorization) {
    return HttpCalls.postAuthorized(server.url() + "/v1/keys/rotate", authorization);
  }

  private String token(String name, String password) {
    HttpCalls.Answer answer = HttpCalls.login(server.url(), user(name, password));
    assertEquals(200, answer.status(), answer.body());
    return answer.json().getString("token");
  }

  private Set<String> publishedKids() {
    HttpCalls.Answer jwks = HttpCalls.get(server.url() + "/.well-known/jwks.json");
    assertEquals("no-cache", jwks.header("Cache-Control"));
    return jwks.json().getJsonArray("keys").stream()
        .map(k -> ((JsonObject) k).getString("kid")).collect(Collectors.toSet());
  }

  /** A verifier as another component builds one: its keys come from GET on the JWKS, now. */
  private TokenVerifier verifierOverJwks() {
    String url = server.url() + "/.well-known/jwks.json";
    return TokenVerifier.create(vertx, ISS, AUD, () -> http.get(url, null).map(json -> {
      List<JsonObject> keys = new ArrayList<>();
      JsonArray array = json.getJsonArray("keys");
      for (int i = 0; i < array.size(); i++) {
        keys.add(array.getJsonObject(i));
      }
      return keys;
    })).await();
  }

  private static String kidOf(String token) {
    String header = new String(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))),
        StandardCharsets.UTF_8);
    return new JsonObject(header).getString("kid");
  }

  private static JsonObject user(String name, String password) {
    return new JsonObject().put("username", name).put("password", password);
  }
}
