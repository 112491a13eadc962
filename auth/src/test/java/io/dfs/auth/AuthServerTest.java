package io.dfs.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dfs.auth.accounts.AccountStore;
import io.dfs.auth.accounts.Enrollment;
import io.dfs.auth.accounts.PasswordHasher;
import io.dfs.common.config.AuthConfig;
import io.dfs.common.config.ConfigLoader;
import io.dfs.common.error.DfsException;
import io.dfs.common.error.ErrorCode;
import io.dfs.common.http.JsonHttpClient;
import io.dfs.common.security.Principal;
import io.dfs.common.security.TokenVerifier;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The auth server over real HTTP on 127.0.0.1, with accounts and keys in a real data directory. */
@ExtendWith(VertxExtension.class)
class AuthServerTest {
  private static final String ISS = "dfs-auth";
  private static final String AUD = "dfs";

  @TempDir
  Path dataDir;
  private Vertx vertx;
  private Enrollment enrollment;
  private AuthServer server;
  private JsonHttpClient http;

  @BeforeEach
  void start(Vertx vertx) throws IOException {
    this.vertx = vertx;
    enrollment = new Enrollment(AccountStore.open(dataDir), new PasswordHasher());
    enrollment.user("alice", "wonderland", true);
    enrollment.service("datanode-1", "datanode", "node-secret");
    server = AuthServer.start(vertx, config(0)).await();
    http = new JsonHttpClient(vertx);
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop().await();
    }
  }

  private AuthConfig config(int port) {
    return ConfigLoader.fromJson(new JsonObject().put("host", "127.0.0.1").put("port", port)
        .put("dataDir", dataDir.toString()).put("tokenTtl", "15m").encode(), AuthConfig.class);
  }

  private TokenVerifier verifierOver(AuthServer auth) {
    return TokenVerifier.fromAuthServer(vertx, http, auth.url(), ISS, AUD).await();
  }

  @Test
  void aUserLogsInAndTheTokenVerifiesOverTheJwks() {
    HttpCalls.Answer answer = HttpCalls.login(server.url(), user("alice", "wonderland"));

    assertEquals(200, answer.status(), answer.body());
    assertTrue(answer.contentType().startsWith("application/json"));
    assertEquals(900, answer.json().getInteger("expiresIn"));
    Principal p = verifierOver(server).verify(answer.json().getString("token")).await();
    assertEquals(new Principal("alice", Set.of("user", "admin")), p);
  }

  @Test
  void aServiceAccountLogsInWithItsRole() {
    HttpCalls.Answer answer = HttpCalls.login(server.url(), service("datanode-1", "node-secret"));

    assertEquals(200, answer.status(), answer.body());
    Principal p = verifierOver(server).verify(answer.json().getString("token")).await();
    assertEquals(new Principal("datanode-1", Set.of("datanode")), p);
  }

  @Test
  void wrongPasswordAndUnknownUserGetTheSameAnswer() {
    HttpCalls.Answer wrong = HttpCalls.login(server.url(), user("alice", "not-it"));
    HttpCalls.Answer unknown = HttpCalls.login(server.url(), user("mallory", "wonderland"));
    HttpCalls.Answer odd = HttpCalls.login(server.url(), user("../alice", "wonderland"));

    JsonObject expected = new JsonObject()
        .put("error", "bad_credentials").put("message", "invalid username or password");
    for (HttpCalls.Answer a : new HttpCalls.Answer[] {wrong, unknown, odd}) {
      assertEquals(401, a.status());
      assertEquals(expected, a.json());
    }
    assertEquals(wrong.body(), unknown.body());
    assertEquals(wrong.body(), odd.body());
  }

  @Test
  void wrongSecretAndUnknownServiceGetTheSameAnswer() {
    HttpCalls.Answer wrong = HttpCalls.login(server.url(), service("datanode-1", "guess"));
    HttpCalls.Answer unknown = HttpCalls.login(server.url(), service("datanode-9", "node-secret"));
    HttpCalls.Answer userAsService = HttpCalls.login(server.url(), service("alice", "wonderland"));

    for (HttpCalls.Answer a : new HttpCalls.Answer[] {wrong, unknown, userAsService}) {
      assertEquals(401, a.status());
      assertEquals(new JsonObject().put("error", "bad_credentials").put("message", "invalid service credentials"),
          a.json());
    }
  }

  @Test
  void malformedAndOversizedBodiesGetJsonErrorsAndTheServerKeepsServing() {
    for (String body : new String[] {"{\"username\": \"alice\", \"pass", "[1, 2]", "", "{\"username\": \"alice\"}"}) {
      HttpCalls.Answer a = HttpCalls.post(server.url() + "/v1/token", body);
      assertEquals(400, a.status(), body);
      assertEquals("bad_request", a.json().getString("error"), body);
    }

    String huge = user("alice", "x".repeat(17 * 1024)).encode();
    HttpCalls.Answer tooLarge = HttpCalls.post(server.url() + "/v1/token", huge);
    assertEquals(413, tooLarge.status());
    assertEquals("too_large", tooLarge.json().getString("error"));

    assertEquals(200, HttpCalls.get(server.url() + "/health").status());
    assertEquals(200, HttpCalls.login(server.url(), user("alice", "wonderland")).status());
  }

  @Test
  void servesHealthReadinessAndOnlyPublicKeys() {
    assertEquals(new JsonObject().put("status", "up"), HttpCalls.get(server.url() + "/health").json());
    assertEquals(new JsonObject().put("status", "ready"), HttpCalls.get(server.url() + "/ready").json());

    JsonObject jwks = HttpCalls.get(server.url() + "/.well-known/jwks.json").json();
    assertEquals(1, jwks.getJsonArray("keys").size());
    JsonObject key = jwks.getJsonArray("keys").getJsonObject(0);
    assertEquals(server.activeKid(), key.getString("kid"));
    assertEquals("ES256", key.getString("alg"));
    assertEquals("P-256", key.getString("crv"));
    assertFalse(key.containsKey("d"), "the private key is never published");

    HttpCalls.Answer missing = HttpCalls.get(server.url() + "/v1/nothing");
    assertEquals(404, missing.status());
    assertEquals("not_found", missing.json().getString("error"));
  }

  @Test
  void accountsAddedOrChangedWhileRunningWorkAtOnce() throws IOException {
    assertEquals(401, HttpCalls.login(server.url(), user("carol", "first")).status());

    enrollment.user("carol", "first", false);
    assertEquals(200, HttpCalls.login(server.url(), user("carol", "first")).status());

    enrollment.user("carol", "second", false);
    assertEquals(401, HttpCalls.login(server.url(), user("carol", "first")).status());
    assertEquals(200, HttpCalls.login(server.url(), user("carol", "second")).status());
  }

  @Test
  void theKeySurvivesARestartAndOldTokensStillVerify() {
    String kid = server.activeKid();
    String token = HttpCalls.login(server.url(), user("alice", "wonderland")).json().getString("token");
    server.stop().await();
    server = null;

    server = AuthServer.start(vertx, config(0)).await();

    assertEquals(kid, server.activeKid());
    Principal p = verifierOver(server).verify(token).await();
    assertEquals("alice", p.subject());
  }

  @Test
  void aTokenFromAnotherAuthServerIsRefused(@TempDir Path otherDir) throws IOException {
    new Enrollment(AccountStore.open(otherDir), new PasswordHasher()).user("alice", "wonderland", true);
    AuthServer other = AuthServer.start(vertx, ConfigLoader.fromJson(new JsonObject().put("port", 0)
        .put("dataDir", otherDir.toString()).encode(), AuthConfig.class)).await();
    try {
      assertNotEquals(server.activeKid(), other.activeKid());
      String foreign = HttpCalls.login(other.url(), user("alice", "wonderland")).json().getString("token");

      DfsException e = assertThrows(DfsException.class, () -> verifierOver(server).verify(foreign).await());
      assertEquals(ErrorCode.UNAUTHORIZED, e.code());
    } finally {
      other.stop().await();
    }
  }

  @Test
  void auditsOneLinePerDecisionAndNeverASecretOrToken() {
    String token;
    try (LogCapture logs = new LogCapture()) {
      token = HttpCalls.login(server.url(), user("alice", "wonderland")).json().getString("token");
      HttpCalls.login(server.url(), user("alice", "wrong-password"));
      HttpCalls.login(server.url(), service("datanode-1", "node-secret"));
      HttpCalls.login(server.url(), user("evil\nevent=login outcome=ok", "pw"));

      assertEquals(List.of(
              "event=auth_decision who=alice kind=user what=login from=127.0.0.1 outcome=ok",
              "event=auth_decision who=alice kind=user what=login from=127.0.0.1 outcome=denied",
              "event=auth_decision who=datanode-1 kind=service what=login from=127.0.0.1 outcome=ok",
              "event=auth_decision who=(invalid) kind=user what=login from=127.0.0.1 outcome=denied"),
          logs.messagesOf("audit"));
      for (String m : logs.messages()) {
        assertFalse(m.contains("wonderland") || m.contains("wrong-password") || m.contains("node-secret")
            || m.contains(token), m);
      }
    }
  }

  @Test
  void refusesToStartOnAPortInUse() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> AuthServer.start(vertx, config(taken.getLocalPort())).await());
      assertTrue(e.getMessage().startsWith("cannot listen on 127.0.0.1:" + taken.getLocalPort()), e.getMessage());
    }
  }

  @Test
  void refusesToStartWithADamagedKey() throws IOException {
    server.stop().await();
    server = null;
    String kid = Files.readString(dataDir.resolve("keys/active")).trim();
    Path keyFile = dataDir.resolve("keys").resolve(kid + ".key.pem");
    Files.writeString(keyFile, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");

    assertThrows(IllegalStateException.class, () -> AuthServer.start(vertx, config(0)).await());
  }

  private static JsonObject user(String name, String password) {
    return new JsonObject().put("username", name).put("password", password);
  }

  private static JsonObject service(String id, String secret) {
    return new JsonObject().put("nodeId", id).put("secret", secret);
  }
}
