package io.dfs.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dfs.auth.accounts.AccountLocks;
import io.dfs.auth.accounts.AccountStore;
import io.dfs.auth.accounts.Authenticator;
import io.dfs.auth.accounts.Grant;
import io.dfs.auth.accounts.PasswordHasher;
import io.dfs.common.config.AuthConfig;
import io.dfs.common.config.ConfigLoader;
import io.dfs.common.http.JsonHttpClient;
import io.dfs.common.security.Principal;
import io.dfs.common.security.TokenVerifier;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The admin and serve commands run in-process through picocli, with stdin supplied. */
@ExtendWith(VertxExtension.class)
class AuthMainTest {
  @TempDir
  Path tmp;

  /** One run of the command: exit code and what it printed. */
  private record Run(int code, String out, String err) {}

  private static Run run(String stdin, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new AuthMain(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8))));
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  private Path dataDir() {
    return tmp.resolve("auth");
  }

  private Authenticator authenticator() throws IOException {
    return new Authenticator(AccountStore.open(dataDir()), new PasswordHasher());
  }

  @Test
  void userAddCreatesAUserWhoCanLogIn(Vertx vertx) {
    Run r = run("p4ssword\n", "user", "add", "--data-dir", dataDir().toString(), "--name", "bob", "--role", "admin",
        "--password-stdin");
    assertEquals(0, r.code(), r.err());
    assertEquals("added user bob (roles user,admin) in " + dataDir() + System.lineSeparator(), r.out());
    assertEquals("", r.err());

    AuthServer server = AuthServer.start(vertx, ConfigLoader.fromJson(new JsonObject().put("port", 0)
        .put("dataDir", dataDir().toString()).encode(), AuthConfig.class)).await();
    try {
      HttpCalls.Answer answer = HttpCalls.login(server.url(),
          new JsonObject().put("username", "bob").put("password", "p4ssword"));
      assertEquals(200, answer.status(), answer.body());
      TokenVerifier verifier = TokenVerifier.fromAuthServer(vertx, new JsonHttpClient(vertx), server.url(),
          AuthConfig.DEFAULT_ISSUER, AuthConfig.DEFAULT_AUDIENCE).await();
      assertEquals(new Principal("bob", Set.of("user", "admin")),
          verifier.verify(answer.json().getString("token")).await());
    } finally {
      server.stop().await();
    }
  }

  @Test
  void userAddOnAnExistingUserReplacesItsPassword() throws IOException {
    assertEquals(0, run("old\n", "user", "add", "--data-dir", dataDir().toString(), "--name", "bob",
        "--password-stdin").code());
    Run r = run("new\r\nignored second line\n", "user", "add", "--data-dir", dataDir().toString(), "--name", "bob",
        "--password-stdin");

    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("replaced the password of user bob (roles user)"), r.out());
    assertEquals(Optional.empty(), authenticator().user("bob", "old"));
    assertEquals(Optional.of(new Grant("bob", List.of("user"))), authenticator().user("bob", "new"));
  }

  @Test
  void userAddRefusesBadInputWithOneLineAndChangesNothing() {
    String dir = dataDir().toString();
    List<Run> runs = List.of(
        run("\n", "user", "add", "--data-dir", dir, "--name", "bob", "--password-stdin"),
        run("", "user", "add", "--data-dir", dir, "--name", "bob", "--password-stdin"),
        run("pw\n", "user", "add", "--data-dir", dir, "--name", "../bob", "--password-stdin"),
        run("pw\n", "user", "add", "--data-dir", dir, "--name", "bob", "--role", "meta", "--password-stdin"));

    for (Run r : runs) {
      assertEquals(1, r.code(), r.toString());
      assertTrue(r.err().startsWith("dfs-auth: "), r.err());
      assertEquals(1, r.err().lines().count(), r.err());
      assertEquals("", r.out());
    }
    assertTrue(runs.get(0).err().contains("empty password"), runs.get(0).err());
    assertTrue(runs.get(2).err().contains("invalid user name '../bob'"), runs.get(2).err());
    assertFalse(Files.exists(dataDir().resolve("accounts/users/bob.json")));
  }

  @Test
  void serviceAddGeneratesASecretFileOnceAndStoresOnlyItsHash() throws IOException {
    Path secretFile = tmp.resolve("node/secret");
    String[] args = {"service", "add", "--data-dir", dataDir().toString(), "--id", "datanode-1", "--role", "datanode",
        "--secret-file", secretFile.toString()};

    Run first = run("", args);
    assertEquals(0, first.code(), first.err());
    assertTrue(first.out().contains("added service account datanode-1 (role datanode)"), first.out());
    assertTrue(first.out().contains("generated into " + secretFile), first.out());
    String secret = Files.readString(secretFile).trim();
    assertTrue(secret.matches("[A-Za-z0-9_-]{43}"), secret);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secretFile)));
    assertFalse(Files.readString(dataDir().resolve("accounts/services/datanode-1.json")).contains(secret));
    assertEquals(Optional.of(new Grant("datanode-1", List.of("datanode"))),
        authenticator().service("datanode-1", secret));

    byte[] before = Files.readAllBytes(secretFile);
    Run again = run("", args);
    assertEquals(0, again.code(), again.err());
    assertTrue(again.out().contains("updated service account datanode-1"), again.out());
    assertTrue(again.out().contains("read from " + secretFile), again.out());
    assertArrayEquals(before, Files.readAllBytes(secretFile));
    assertTrue(authenticator().service("datanode-1", secret).isPresent());
  }

  @Test
  void serviceAddUsesASecretFileThatExists() throws IOException {
    Path secretFile = Files.writeString(tmp.resolve("meta.secret"), "  chosen-secret\n");

    Run r = run("", "service", "add", "--data-dir", dataDir().toString(), "--id", "meta", "--role", "meta",
        "--secret-file", secretFile.toString());

    assertEquals(0, r.code(), r.err());
    assertEquals(Optional.of(new Grant("meta", List.of("meta"))), authenticator().service("meta", "chosen-secret"));
  }

  @Test
  void serviceAddRefusesBadInputAndWritesNoSecret() throws IOException {
    Path secretFile = tmp.resolve("secret");
    Path empty = Files.writeString(tmp.resolve("empty"), "\n");
    String dir = dataDir().toString();
    List<Run> runs = List.of(
        run("", "service", "add", "--data-dir", dir, "--id", "n1", "--role", "admin",
            "--secret-file", secretFile.toString()),
        run("", "service", "add", "--data-dir", dir, "--id", "N/1", "--role", "datanode",
            "--secret-file", secretFile.toString()),
        run("", "service", "add", "--data-dir", dir, "--id", "n1", "--role", "datanode",
            "--secret-file", empty.toString()));

    for (Run r : runs) {
      assertEquals(1, r.code(), r.toString());
      assertTrue(r.err().startsWith("dfs-auth: "), r.err());
      assertEquals(1, r.err().lines().count(), r.err());
    }
    assertFalse(Files.exists(secretFile));
    assertFalse(Files.exists(dataDir()));
  }

  @Test
  void userUnlockLiftsALockAndSaysWhenThereWasNone() throws IOException {
    String dir = dataDir().toString();
    assertEquals(0, run("pw\n", "user", "add", "--data-dir", dir, "--name", "bob", "--password-stdin").code());
    AccountLocks.inDataDir(dataDir()).lock("bob", 100, Instant.parse("2026-01-01T00:00:00Z"));

    Run unlocked = run("", "user", "unlock", "--data-dir", dir, "--name", "bob");
    assertEquals(0, unlocked.code(), unlocked.err());
    assertEquals("unlocked user bob in " + dir + System.lineSeparator(), unlocked.out());
    assertFalse(AccountLocks.inDataDir(dataDir()).isLocked("bob"));

    Run again = run("", "user", "unlock", "--data-dir", dir, "--name", "bob");
    assertEquals(0, again.code(), again.err());
    assertEquals("user bob in " + dir + " was not locked" + System.lineSeparator(), again.out());
  }

  @Test
  void userUnlockRefusesUnknownUsersBadNamesAndMissingDirectories() throws IOException {
    String dir = dataDir().toString();
    assertEquals(0, run("pw\n", "user", "add", "--data-dir", dir, "--name", "bob", "--password-stdin").code());
    List<Run> runs = List.of(
        run("", "user", "unlock", "--data-dir", dir, "--name", "carol"),
        run("", "user", "unlock", "--data-dir", dir, "--name", "../bob"),
        run("", "user", "unlock", "--data-dir", tmp.resolve("nope").toString(), "--name", "bob"));

    for (Run r : runs) {
      assertEquals(1, r.code(), r.toString());
      assertTrue(r.err().startsWith("dfs-auth: "), r.err());
      assertEquals(1, r.err().lines().count(), r.err());
    }
    assertTrue(runs.get(0).err().contains("no user carol in " + dir), runs.get(0).err());
    assertTrue(runs.get(1).err().contains("invalid user name '../bob'"), runs.get(1).err());
    assertTrue(runs.get(2).err().contains("no such file or directory: " + tmp.resolve("nope")), runs.get(2).err());
    assertFalse(Files.exists(tmp.resolve("nope")));
  }

  @Test
  void serveReportsABadConfigInOneLine() throws IOException {
    Path config = Files.writeString(tmp.resolve("auth.json"), "{\"dataDir\": \"x\", \"prot\": 7000}");
    Run bad = run("", "serve", "--config", config.toString());
    assertEquals(1, bad.code());
    assertEquals(1, bad.err().lines().count(), bad.err());
    assertTrue(bad.err().contains("unknown key 'prot'"), bad.err());

    Run missing = run("", "serve", "--config", tmp.resolve("nope.json").toString());
    assertEquals(1, missing.code());
    assertTrue(missing.err().startsWith("dfs-auth: "), missing.err());
  }

  @Test
  void serveReportsAFailedStartInOneLine(Vertx vertx) throws IOException {
    AuthServer first = AuthServer.start(vertx, ConfigLoader.fromJson(new JsonObject().put("port", 0)
        .put("dataDir", dataDir().toString()).encode(), AuthConfig.class)).await();
    try {
      Path config = Files.writeString(tmp.resolve("auth.json"), new JsonObject().put("port", first.port())
          .put("dataDir", tmp.resolve("other").toString()).encode());
      Run r = run("", "serve", "--config", config.toString());
      assertEquals(1, r.code());
      assertTrue(r.err().startsWith("dfs-auth: cannot start: cannot listen on 127.0.0.1:" + first.port()), r.err());
      assertEquals(1, r.err().lines().count(), r.err());
    } finally {
      first.stop().await();
    }
  }

  @Test
  void aLeadingConfigOptionMeansServe() {
    assertArrayEquals(new String[] {"serve", "--config", "a.json"},
        AuthMain.withDefaultCommand(new String[] {"--config", "a.json"}));
    assertArrayEquals(new String[] {"serve", "--config=a.json"},
        AuthMain.withDefaultCommand(new String[] {"--config=a.json"}));
    assertArrayEquals(new String[] {"user", "add"}, AuthMain.withDefaultCommand(new String[] {"user", "add"}));
  }
}
