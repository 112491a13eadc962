package io.dfs.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dfs.auth.accounts.AccountStore;
import io.dfs.auth.accounts.Enrollment;
import io.dfs.auth.accounts.PasswordHasher;
import io.dfs.auth.testsupport.TestClock;
import io.dfs.common.config.AuthConfig;
import io.dfs.common.config.ConfigLoader;
import io.dfs.common.http.JsonHttpClient;
import io.dfs.common.security.TokenVerifier;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Login throttling over real HTTP, with clients on several loopback addresses (127.0.0.2, .3 ...)
 * and a clock the tests move instead of sleeping. Defaults, except that ten failures lock a user.
 */
@ExtendWith(VertxExtension.class)
class LoginThrottlingTest {
  private static final int LOCK_AFTER = 10;
  private static final JsonObject BAD_CREDENTIALS = new JsonObject()
      .put("error", "bad_credentials").put("message", "invalid username or password");

  @TempDir
  Path dataDir;
  private Vertx vertx;
  private final TestClock clock = new TestClock();
  private AuthServer server;

  @BeforeEach
  void start(Vertx vertx) throws IOException {
    this.vertx = vertx;
    Enrollment enrollment = new Enrollment(AccountStore.open(dataDir), new PasswordHasher());
    enrollment.user("alice", "wonderland", true);
    enrollment.service("datanode-1", "datanode", "node-secret");
    enrollment.service("meta", "meta", "meta-secret");
    server = AuthServer.start(vertx, config(), clock).await();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop().await();
    }
  }

  private AuthConfig config() {
    return ConfigLoader.fromJson(new JsonObject().put("host", "127.0.0.1").put("port", 0)
        .put("dataDir", dataDir.toString()).put("loginLockAfterFailures", LOCK_AFTER).encode(), AuthConfig.class);
  }

  @Test
  void fiveWrongPasswordsThen429WithRetryAfterAndTheRightPasswordOnlyOnceTheBackoffPassed() {
    for (int i = 0; i < 5; i++) {
      HttpCalls.Answer wrong = user("127.0.0.2", "alice", "guess-" + i);
      assertEquals(401, wrong.status());
      assertEquals(BAD_CREDENTIALS, wrong.json());
    }

    HttpCalls.Answer limited = user("127.0.0.2", "alice", "wonderland");
    assertEquals(429, limited.status(), limited.body());
    assertEquals("1", limited.header("Retry-After"));
    assertTrue(limited.contentType().startsWith("application/json"));
    assertEquals(new JsonObject().put("error", "rate_limited")
        .put("message", "too many failed logins; try again in 1 second"), limited.json());
    assertEquals(429, user("127.0.0.3", "alice", "wonderland").status(), "the account's wait holds for every address");

    clock.advance(Duration.ofMillis(999));
    assertEquals(429, user("127.0.0.2", "alice", "wonderland").status());
    clock.advance(Duration.ofMillis(1));
    HttpCalls.Answer ok = user("127.0.0.2", "alice", "wonderland");
    assertEquals(200, ok.status(), ok.body());
    verifier().verify(ok.json().getString("token")).await();

    for (int i = 0; i < 4; i++) {
      assertEquals(401, user("127.0.0.2", "alice", "again-" + i).status(), "a success starts the count again");
    }
  }

  @Test
  void theWaitDoublesWithEachFurtherFailure() {
    for (int i = 0; i < 5; i++) {
      user("127.0.0.2", "alice", "guess-" + i);
    }
    for (String seconds : new String[] {"1", "2", "4", "8"}) {
      HttpCalls.Answer limited = user("127.0.0.2", "alice", "wonderland");
      assertEquals(429, limited.status());
      assertEquals(seconds, limited.header("Retry-After"));
      waitOut(limited);
      assertEquals(401, user("127.0.0.2", "alice", "guess-after-" + seconds).status());
    }
  }

  @Test
  void anUnknownUserIsThrottledAndLockedExactlyLikeAKnownOne() {
    List<String> known = bruteForce("127.0.0.2", "alice");
    List<String> unknown = bruteForce("127.0.0.3", "mallory");

    assertEquals(known, unknown);
    assertTrue(known.get(known.size() - 2).startsWith("429 32 "), known.toString());
    assertTrue(known.get(known.size() - 1).startsWith("403 "), known.toString());
    assertTrue(known.stream().anyMatch(a -> a.startsWith("429 2 ")), known.toString());
  }

  @Test
  void aThrottledAddressDoesNotKeepTheOwnerOutFromAnotherAddress() {
    for (int i = 0; i < 5; i++) {
      assertEquals(401, user("127.0.0.2", "guess-" + i, "wonderland").status());
    }

    assertEquals(429, user("127.0.0.2", "alice", "wonderland").status());
    assertEquals(200, user("127.0.0.3", "alice", "wonderland").status());
  }

  @Test
  void aLoginMetaForwardsCountsUnderThePersonsAddressOnlyWhenMetaVouchesForIt() {
    String metaToken = service("127.0.0.1", "meta", "meta-secret").json().getString("token");
    String userToken = user("127.0.0.1", "alice", "wonderland").json().getString("token");
    // Five guesses at as many accounts through meta, for one person at 127.0.0.50.
    for (int i = 0; i < 5; i++) {
      assertEquals(401, forwarded("127.0.0.2", "127.0.0.50", metaToken, "guess-" + i, "pw").status());
    }
    assertEquals(429, forwarded("127.0.0.2", "127.0.0.50", metaToken, "alice", "wonderland").status(),
        "that person's address is held back");
    assertEquals(200, forwarded("127.0.0.2", "127.0.0.51", metaToken, "alice", "wonderland").status(),
        "another person behind meta is not");
    assertEquals(200, user("127.0.0.2", "alice", "wonderland").status(), "nor is meta's own address");

    // Anyone else's header is not believed: the guesses count against the sender's own address.
    for (int i = 0; i < 5; i++) {
      String claimed = "127.0.1." + i;
      assertEquals(401, forwarded("127.0.0.3", claimed, i % 2 == 0 ? null : userToken, "other-" + i, "pw").status());
    }
    assertEquals(429, forwarded("127.0.0.3", "127.0.1.99", userToken, "alice", "wonderland").status());
    assertEquals(429, forwarded("127.0.0.3", "127.0.1.98", "not-a-token", "alice", "wonderland").status());
    // Nor is a header that is not an address literal, even with meta's token.
    for (int i = 0; i < 5; i++) {
      assertEquals(401, forwarded("127.0.0.4", "evil.example", metaToken, "named-" + i, "pw").status());
    }
    assertEquals(429, forwarded("127.0.0.4", "evil.example", metaToken, "alice", "wonderland").status());
    assertEquals(200, forwarded("127.0.0.4", "127.0.0.60", metaToken, "alice", "wonderland").status());
  }

  private HttpCalls.Answer forwarded(String from, String client, String bearer, String name, String password) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("X-Forwarded-For", client);
    if (bearer != null) {
      headers.put("Authorization", "Bearer " + bearer);
    }
    return HttpCalls.loginFrom(from, server.url(), new JsonObject().put("username", name).put("password", password),
        headers);
  }

  @Test
  void guessesSpreadOverManyAddressesStillBackTheAccountOffAndItsOwnerGetsInAfterwards() {
    for (int i = 10; i < 15; i++) {
      assertEquals(401, user("127.0.0." + i, "alice", "guess-" + i).status());
    }

    HttpCalls.Answer limited = user("127.0.0.20", "alice", "wonderland");
    assertEquals(429, limited.status());
    waitOut(limited);
    assertEquals(200, user("127.0.0.20", "alice", "wonderland").status());
  }

  @Test
  void aUserIsLockedAtTheCapUntilAnOperatorUnlocksIt() {
    HttpCalls.Answer last = failUntilLocked("127.0.0.2", "alice");
    assertEquals(403, last.status());
    assertEquals("account_locked", last.json().getString("error"));
    assertTrue(last.json().getString("message").contains("dfs-auth user unlock"), last.body());
    assertTrue(Files.exists(dataDir.resolve("accounts/locks/alice.json")));

    clock.advance(Duration.ofHours(1));
    assertEquals(last.body(), user("127.0.0.3", "alice", "wonderland").body(), "the right password does not unlock");
    server.stop().await();
    server = AuthServer.start(vertx, config(), clock).await();
    assertEquals(403, user("127.0.0.3", "alice", "wonderland").status(), "a restart does not unlock");

    StringWriter out = new StringWriter();
    CommandLine cl = new CommandLine(new AuthMain(new ByteArrayInputStream(new byte[0])));
    cl.setOut(new PrintWriter(out, true));
    int code = cl.execute("user", "unlock", "--data-dir", dataDir.toString(), "--name", "alice");
    assertEquals(0, code);
    assertEquals("unlocked user alice in " + dataDir + System.lineSeparator(), out.toString());

    assertEquals(200, user("127.0.0.3", "alice", "wonderland").status());
  }

  @Test
  void serviceAccountsBackOffButAreNeverLocked() {
    for (int i = 0; i < LOCK_AFTER + 3; i++) {
      HttpCalls.Answer a = service("127.0.0.2", "datanode-1", "guess-" + i);
      if (a.status() == 429) {
        waitOut(a);
        a = service("127.0.0.2", "datanode-1", "guess-" + i);
      }
      assertEquals(401, a.status(), a.body());
    }
    HttpCalls.Answer limited = service("127.0.0.3", "datanode-1", "node-secret");
    assertEquals(429, limited.status());
    waitOut(limited);
    assertEquals(200, service("127.0.0.3", "datanode-1", "node-secret").status());
  }

  @Test
  void auditsEveryDecisionAndNeverASecretOrToken() {
    try (LogCapture logs = new LogCapture()) {
      String token = user("127.0.0.2", "alice", "wonderland").json().getString("token");
      failUntilLocked("127.0.0.4", "alice");

      String line = "event=auth_decision who=alice kind=user what=login from=%s outcome=%s";
      List<String> audit = logs.messagesOf("audit");
      assertEquals(String.format(line, "127.0.0.2", "ok"), audit.get(0));
      assertEquals(String.format(line, "127.0.0.4", "denied"), audit.get(1));
      assertEquals(String.format(line, "127.0.0.4", "rate_limited"), audit.get(6));
      assertEquals(String.format(line, "127.0.0.4", "locked"), audit.get(audit.size() - 1));
      assertEquals(LOCK_AFTER - 1, audit.stream().filter(m -> m.endsWith("outcome=denied")).count());
      for (String m : logs.messages()) {
        assertFalse(m.contains("wonderland") || m.contains("guess-") || m.contains(token), m);
      }
    }
  }

  /** Wrong passwords until locked, waiting out each 429; every answer as "status Retry-After body". */
  private List<String> bruteForce(String from, String name) {
    List<String> answers = new ArrayList<>();
    for (int i = 0; answers.isEmpty() || !answers.get(answers.size() - 1).startsWith("403 "); i++) {
      HttpCalls.Answer a = user(from, name, "guess-" + i);
      answers.add(a.status() + " " + a.header("Retry-After") + " " + a.body());
      if (a.status() == 429) {
        waitOut(a);
      }
      assertNotEquals(500, a.status());
    }
    // The address is in backoff too; once that passed, the right password meets the lock.
    HttpCalls.Answer right = user(from, name, "wonderland");
    answers.add(right.status() + " " + right.header("Retry-After") + " " + right.body());
    waitOut(right);
    right = user(from, name, "wonderland");
    answers.add(right.status() + " " + right.header("Retry-After") + " " + right.body());
    return answers;
  }

  private HttpCalls.Answer failUntilLocked(String from, String name) {
    HttpCalls.Answer a;
    int i = 0;
    do {
      a = user(from, name, "guess-" + i++);
      if (a.status() == 429) {
        waitOut(a);
      }
    } while (a.status() != 403 && i < 100);
    return a;
  }

  private void waitOut(HttpCalls.Answer limited) {
    clock.advance(Duration.ofSeconds(Long.parseLong(limited.header("Retry-After"))));
  }

  private TokenVerifier verifier() {
    return TokenVerifier.fromAuthServer(vertx, new JsonHttpClient(vertx), server.url(),
        AuthConfig.DEFAULT_ISSUER, AuthConfig.DEFAULT_AUDIENCE).await();
  }

  private HttpCalls.Answer user(String from, String name, String password) {
    return HttpCalls.loginFrom(from, server.url(), new JsonObject().put("username", name).put("password", password));
  }

  private HttpCalls.Answer service(String from, String id, String secret) {
    return HttpCalls.loginFrom(from, server.url(), new JsonObject().put("nodeId", id).put("secret", secret));
  }
}
