package io.dfs.cli;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dfs.cli.client.NodeAddress;
import io.dfs.cli.testsupport.StubMetaServer;
import io.dfs.cli.testsupport.TestBlockServer;
import io.dfs.cli.testsupport.TestBlockServer.Mode;
import io.dfs.cli.testsupport.TestFiles;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dfs command in-process, as the it module drives it, against a stand-in auth+meta and three
 * stand-in data nodes.
 */
class DfsMainTest {
  private static final int BLOCK = 64 * 1024;

  @TempDir Path dir;
  private Path home;
  private Path config;
  private Vertx vertx;
  private final Map<String, Buffer> disk = new ConcurrentHashMap<>();
  private TestBlockServer node1;
  private TestBlockServer node2;
  private TestBlockServer node3;
  private StubMetaServer meta;

  record Result(int exit, byte[] stdout, String stderr) {
    String out() {
      return new String(stdout, StandardCharsets.UTF_8);
    }

    /** Exit 1 and exactly one line on stderr, which is returned. */
    String failure() {
      assertEquals(1, exit, this::toString);
      assertEquals(1, stderr.lines().count(), () -> "one line on stderr: " + this);
      assertTrue(stderr.startsWith("dfs: "), this::toString);
      return stderr.strip();
    }

    @Override
    public String toString() {
      return "exit=" + exit + " stdout=" + out() + " stderr=" + stderr;
    }
  }

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    node1 = TestBlockServer.start(vertx, "dn-1", disk);
    node2 = TestBlockServer.start(vertx, "dn-2", disk);
    node3 = TestBlockServer.start(vertx, "dn-3", disk);
    meta = StubMetaServer.start(vertx, List.of(node1.address(), node2.address(), node3.address()), BLOCK, disk)
        .user("alice", "secret");
    home = dir.resolve("home");
    config = Files.writeString(dir.resolve("client.json"), new JsonObject().put("authUrl", meta.url())
        .put("metaUrl", meta.url()).put("parallelism", 4).put("connectTimeout", "2s").put("ioTimeout", "5s")
        .encode());
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  private Result dfs(String stdin, String... args) {
    return dfsWith(Map.of("DFS_HOME", home.toString(), "DFS_CONFIG", config.toString(), "USER", "alice"), stdin, args);
  }

  private static Result dfsWith(Map<String, String> env, String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = DfsMain.run(args, new ByteArrayInputStream(stdin == null ? new byte[0] : stdin.getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), env);
    return new Result(exit, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
  }

  private Result ok(Result r) {
    assertEquals(0, r.exit(), r::toString);
    assertEquals("", r.stderr(), "nothing on stderr when not on a terminal: " + r);
    return r;
  }

  private void login() {
    ok(dfs("secret\n", "login", "--user", "alice", "--password-stdin", "--quiet"));
  }

  @Test
  void usageErrorsExitWith2AndHelpAndVersionWith0() {
    assertEquals(2, dfs(null).exit());
    assertEquals(2, dfs(null, "put").exit());
    assertEquals(2, dfs(null, "ls", "--bogus").exit());
    assertEquals(2, dfs(null, "get", "a", "b", "c").exit());
    assertEquals(2, dfs(null, "frobnicate").exit());

    Result version = ok(dfs(null, "--version"));
    assertEquals("dfs 0.1.0", version.out().strip());
    Result help = ok(dfs(null, "--help"));
    for (String command : List.of("login", "put", "get", "rm", "ls", "stat", "cluster", "generate-completion")) {
      assertTrue(help.out().contains("  " + command + " "), help.out());
    }
    assertTrue(ok(dfs(null, "put", "--help")).out().contains("--quiet"));
  }

  @Test
  void everySubcommandTakesTheGlobalOptions() {
    Path missing = dir.resolve("nope.json");
    String[][] commands = {{"login"}, {"put", "x"}, {"get", "x"}, {"rm", "x"}, {"ls"}, {"stat", "x"}, {"cluster"}};
    for (String[] command : commands) {
      String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(command),
          java.util.stream.Stream.of("--quiet", "--config", missing.toString())).toArray(String[]::new);
      assertEquals("dfs: config file " + missing + " does not exist", dfs(null, args).failure(), String.join(" ", args));
    }
  }

  @Test
  void commandsNeedALogin() {
    for (String[] args : new String[][] {{"ls"}, {"stat", "x"}, {"get", "x", "-"}, {"rm", "x"}, {"cluster"}}) {
      assertEquals("dfs: not logged in (or session expired): run 'dfs login'", dfs(null, args).failure());
    }
    assertEquals(List.of(), meta.requests(), "nothing is sent without a token");
  }

  @Test
  void loginCachesTheTokenPrivatelyAndWrongPasswordsChangeNothing() throws Exception {
    assertEquals("dfs: invalid username or password", dfs("wrong\n", "login", "--password-stdin").failure());
    assertEquals("dfs: invalid username or password", dfs("secret\n", "login", "--user", "mallory", "--password-stdin").failure());
    assertFalse(Files.exists(home.resolve("token.json")));

    Result r = ok(dfs("secret\n", "login", "--password-stdin"));

    assertEquals("logged in as alice (session valid for 15 minutes)\n", r.out());
    Path token = home.resolve("token.json");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(token)));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home)));
    JsonObject cached = new JsonObject(Files.readString(token));
    assertEquals("token-of-alice", cached.getString("token"));
    assertEquals("alice", cached.getString("user"));
    assertEquals(meta.url(), cached.getString("authUrl"));
    assertTrue(cached.getLong("expiresAt") > System.currentTimeMillis() + 800_000);
  }

  @Test
  void putGetStatLsClusterRmRoundTrip() throws Exception {
    login();
    byte[] content = TestFiles.bytes(5 * BLOCK + 77, 42);
    Path local = Files.write(dir.resolve("local.bin"), content);
    String name = "docs/résumé 2024.bin";

    String id = ok(dfs(null, "put", local.toString(), name)).out().strip();
    assertTrue(id.matches("[0-9a-f-]{36}"), id);

    JsonObject ls = new JsonObject(ok(dfs(null, "ls", "--json")).out());
    assertEquals(new JsonArray().add(new JsonObject().put("id", id).put("name", name).put("size", content.length)
        .put("createdAt", ls.getJsonArray("files").getJsonObject(0).getLong("createdAt"))), ls.getJsonArray("files"));
    assertTrue(ok(dfs(null, "ls")).out().contains(name));

    JsonObject stat = new JsonObject(ok(dfs(null, "stat", id, "--json")).out());
    assertEquals(java.util.Set.of("id", "name", "size", "blocks"), stat.fieldNames());
    assertEquals(6, stat.getJsonArray("blocks").size());
    assertEquals(3, stat.getJsonArray("blocks").getJsonObject(0).getJsonArray("replicas").size());
    assertTrue(ok(dfs(null, "stat", name)).out().contains("size:         320.1 KiB (327757 bytes)"));

    Path back = dir.resolve("back.bin");
    ok(dfs(null, "get", name, back.toString()));
    assertArrayEquals(content, Files.readAllBytes(back));
    Path intoDir = Files.createDirectory(dir.resolve("into"));
    ok(dfs(null, "get", id, intoDir.toString(), "--quiet"));
    assertArrayEquals(content, Files.readAllBytes(intoDir.resolve("résumé 2024.bin")));
    assertArrayEquals(content, ok(dfs(null, "get", name, "-")).stdout());

    JsonObject cluster = new JsonObject(ok(dfs(null, "cluster", "--json")).out());
    assertEquals(java.util.Set.of("nodes", "underReplicatedBlocks", "missingBlocks"), cluster.fieldNames());
    assertEquals(3, cluster.getJsonArray("nodes").size());
    assertTrue(ok(dfs(null, "cluster")).out().contains("live nodes:              3 of 3"));

    assertEquals("deleted " + name + " (" + id + ")\n", ok(dfs(null, "rm", name)).out());
    assertEquals("dfs: no such file: " + name, dfs(null, "stat", name).failure());
    assertEquals("dfs: no such file: " + id, dfs(null, "get", id, dir.resolve("gone").toString()).failure());
    assertFalse(Files.exists(dir.resolve("gone")));
  }

  @Test
  void putAndRmPrintJsonThatParses() throws Exception {
    login();
    Path local = TestFiles.write(dir, "j.bin", 2 * BLOCK + 5, 9);

    JsonObject put = new JsonObject(ok(dfs(null, "put", local.toString(), "dir/j.bin", "--json", "--quiet")).out());

    assertEquals(java.util.Set.of("id", "name", "size", "blocks"), put.fieldNames());
    assertEquals("dir/j.bin", put.getString("name"));
    assertEquals(2 * BLOCK + 5, put.getLong("size"));
    assertEquals(3, put.getJsonArray("blocks").size());
    assertEquals(new JsonObject(ok(dfs(null, "stat", put.getString("id"), "--json")).out()), put,
        "put --json prints the file as stat --json does");

    Result rm = ok(dfs(null, "rm", "dir/j.bin", "--json", "--quiet"));
    assertEquals(1, rm.out().lines().count(), rm::toString);
    assertEquals(new JsonObject().put("id", put.getString("id")).put("name", "dir/j.bin").put("deleted", true),
        new JsonObject(rm.out()));
    assertEquals("dfs: no such file: dir/j.bin", dfs(null, "rm", "dir/j.bin", "--json").failure());
  }

  @Test
  void loginAndGetPrintJsonThatParses() throws Exception {
    JsonObject login = new JsonObject(ok(dfs("secret\n", "login", "--user", "alice", "--password-stdin", "--json")).out());
    assertEquals(java.util.Set.of("user", "expiresAt"), login.fieldNames());
    assertEquals("alice", login.getString("user"));
    assertTrue(login.getLong("expiresAt") > System.currentTimeMillis(), login::encode);

    Path local = TestFiles.write(dir, "g.bin", BLOCK + 3, 5);
    String id = ok(dfs(null, "put", local.toString(), "g.bin", "--quiet")).out().strip();
    Path back = dir.resolve("g-back.bin");
    Result get = ok(dfs(null, "get", "g.bin", back.toString(), "--json", "--quiet"));
    assertEquals(1, get.out().lines().count(), get::toString);
    assertEquals(new JsonObject().put("id", id).put("name", "g.bin").put("size", BLOCK + 3)
        .put("path", back.toAbsolutePath().toString()), new JsonObject(get.out()));
    assertArrayEquals(Files.readAllBytes(local), Files.readAllBytes(back));

    Result toStdout = dfs(null, "get", "g.bin", "-", "--json");
    assertEquals(2, toStdout.exit(), toStdout::toString);
    assertTrue(toStdout.stderr().contains("--json needs a LOCAL file"), toStdout::toString);
    assertEquals(0, toStdout.stdout().length, "no bytes when the options conflict");
  }

  @Test
  void theCompletionScriptCompletesCommandsAndOptionsInBash() throws Exception {
    Path bash = Path.of("/bin/bash");
    assertTrue(Files.isExecutable(bash), "bash is needed to run the completion script");
    Path script = Files.write(dir.resolve("dfs_completion"), ok(dfs(null, "generate-completion")).stdout());
    assertArrayEquals(Files.readAllBytes(script), ok(dfs(null, "generate-completion", "--quiet")).stdout(),
        "it takes --quiet like every command");

    assertEquals(List.of("put"), complete(script, "dfs", "pu"));
    List<String> commands = complete(script, "dfs", "");
    assertTrue(commands.containsAll(List.of("login", "put", "get", "rm", "ls", "stat", "cluster", "generate-completion")),
        commands::toString);
    List<String> getOptions = complete(script, "dfs", "get", "--");
    assertTrue(getOptions.containsAll(List.of("--json", "--quiet", "--config")), getOptions::toString);
  }

  /** What bash offers after {@code words}, the last being the word under the cursor. */
  private static List<String> complete(Path script, String... words) throws Exception {
    StringBuilder array = new StringBuilder();
    for (String w : words) {
      array.append(" '").append(w).append('\'');
    }
    String line = String.join(" ", words);
    String program = "source '" + script + "'\n"
        + "fn=$(complete -p dfs | sed -E 's/.*-F ([^ ]+).*/\\1/')\n"
        + "COMP_WORDS=(" + array + ")\nCOMP_CWORD=" + (words.length - 1) + "\nCOMP_LINE='" + line
        + "'\nCOMP_POINT=${#COMP_LINE}\n"
        + "$fn dfs '" + words[words.length - 1] + "' '" + words[words.length - 2 < 0 ? 0 : words.length - 2] + "'\n"
        + "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
    Process bash = new ProcessBuilder("/bin/bash", "-c", program).redirectErrorStream(true).start();
    try {
      String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(0, bash.waitFor(), out);
      return out.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    } finally {
      bash.destroyForcibly();
    }
  }

  @Test
  void getFailsOverToTheNextReplica() throws Exception {
    login();
    Path local = TestFiles.write(dir, "f.bin", 3 * BLOCK, 7);
    ok(dfs(null, "put", local.toString(), "f.bin", "--quiet"));
    TestBlockServer gone = TestBlockServer.start(vertx, "dn-gone", disk);
    NodeAddress refused = gone.address();
    gone.close();
    node1.mode(Mode.ERROR);
    node2.mode(Mode.CORRUPT_BLOCK);
    meta.readOrder(List.of(refused, node1.address(), node2.address(), node3.address()));

    Path back = dir.resolve("f-back.bin");
    ok(dfs(null, "get", "f.bin", back.toString()));

    assertArrayEquals(Files.readAllBytes(local), Files.readAllBytes(back));
    assertEquals(3, node1.gets(), "each block was asked of the node answering ERROR");
    assertEquals(3, node2.gets(), "each block was asked of the node with rotten bytes");
    assertEquals(3, node3.gets(), "each block was read from the good node");
  }

  @Test
  void aGetToAPathThatCannotBeWrittenFailsWithOneLineAndLeavesNothing() throws Exception {
    login();
    Path local = TestFiles.write(dir, "small.bin", 10_000, 5);
    ok(dfs(null, "put", local.toString(), "small.bin", "--quiet"));
    Path plain = Files.writeString(dir.resolve("plain"), "x");
    List<String> before = TestFiles.list(dir);

    String line = dfs(null, "get", "small.bin", plain.resolve("sub").resolve("out").toString()).failure();

    assertTrue(line.startsWith("dfs: cannot write " + plain.resolve("sub").resolve("out") + ": "), line);
    assertEquals(before, TestFiles.list(dir));
    assertEquals("x", Files.readString(plain));
  }

  @Test
  void aGetWhereNotEvenRootMayWriteFailsWithOneLineAndLeavesNothing() throws Exception {
    // Root may write into a directory without write permission, but nobody creates files in /proc.
    assumeTrue(Files.isDirectory(Path.of("/proc/self")), "needs a Linux /proc");
    login();
    Path local = TestFiles.write(dir, "small.bin", 10_000, 6);
    ok(dfs(null, "put", local.toString(), "small.bin", "--quiet"));
    Path target = Path.of("/proc", "dfs-get-" + java.util.UUID.randomUUID());

    String line = dfs(null, "get", "small.bin", target.toString()).failure();

    assertTrue(line.startsWith("dfs: cannot write " + target + ": "), line);
    assertFalse(Files.exists(target));
    try (var entries = Files.list(Path.of("/proc"))) {
      assertTrue(entries.noneMatch(p -> p.getFileName().toString().contains(target.getFileName().toString())));
    }
  }

  @Test
  void putOfAMissingFileNamesItAndCreatesNothing() {
    login();
    Path missing = dir.resolve("missing.bin");
    assertEquals("dfs: no such local file: " + missing, dfs(null, "put", missing.toString(), "m.bin").failure());
    assertTrue(meta.requests().stream().noneMatch(r -> r.startsWith("POST /v1/files")), meta.requests().toString());
  }

  @Test
  void anInvalidNameIsRefusedBeforeAnyUpload() throws Exception {
    login();
    Path local = TestFiles.write(dir, "ok.bin", 10, 1);
    String line = dfs(null, "put", local.toString(), "a//b").failure();
    assertTrue(line.startsWith("dfs: invalid name 'a//b': "), line);
  }

  @Test
  void anUnreachableClusterSaysSoInOneLine() throws Exception {
    login();
    String url = meta.url();
    meta.close();
    assertEquals("dfs: cannot reach meta at " + url + " \u2014 is the cluster up? (make up)", dfs(null, "ls").failure());
    assertEquals("dfs: cannot reach auth at " + url + " \u2014 is the cluster up? (make up)",
        dfs("secret\n", "login", "--password-stdin").failure());
  }

  @Test
  void anExplicitConfigMustExistAndABadOneIsNamed() throws Exception {
    Path missing = dir.resolve("nope.json");
    assertEquals("dfs: config file " + missing + " does not exist", dfs(null, "ls", "--config", missing.toString()).failure());

    Path bad = Files.writeString(dir.resolve("bad.json"), "{\"metaUrl\":\"http://x\",\"paralelism\":3}");
    assertEquals("dfs: " + bad + ": unknown key 'paralelism'", dfs(null, "ls", "--config", bad.toString()).failure());
  }
}
