package io.dfs.it;

import static org.junit.jupiter.api.Assertions.*;

import io.dfs.bench.cluster.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The targets a developer types: {@code make up}, {@code make down}, {@code make user}, the
 * per-module {@code make -C auth|meta|datanode}, and {@code bin/dfs}, run as they are (make, bash,
 * the shaded jars) from the repository root. Each test's cluster lives in a directory of its own
 * ({@code DFS_LOCAL_DIR}) on ports moved by {@code DFS_PORT_OFFSET}, so a developer's own
 * {@code make up} on the default ports and {@code .dfs} is never touched. Whatever happens, every
 * process whose command line names that directory is stopped by its pid afterwards.
 */
class MakeTargetsProcessTest {
  private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(3);
  /** Variables a surrounding {@code make test} exports that would change what the inner make does. */
  private static final List<String> INHERITED_MAKE_VARIABLES =
      List.of("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES", "DFS_CONFIG", "DFS_JAVA_OPTS");

  @TempDir Path tmp;
  private Path local;
  private Path home;
  private int offset;
  private final List<Process> foreground = new ArrayList<>();

  @BeforeEach
  void isolate() {
    local = tmp.resolve("local");
    home = tmp.resolve("home");
    offset = freePortOffset();
  }

  @AfterEach
  void stopEverything() {
    try {
      for (int i = foreground.size() - 1; i >= 0; i--) {
        stopTree(foreground.get(i));
      }
      if (Files.isDirectory(local.resolve("run"))) {
        run(List.of("make", "-s", "down"), "");
      }
    } finally {
      // Also what a failed make down, or a pid file that was never written, left behind.
      for (ProcessHandle p : ours()) {
        p.destroyForcibly();
        Http.await("pid " + p.pid() + " killed", Duration.ofSeconds(30), () -> gone(p.pid()));
      }
    }
  }

  @Test
  void makeUpStartsOnlyWhatIsMissingAndMakeDownStopsEveryProcess() throws Exception {
    try {
      CommandResult first = make("up", "NODES=2");
      assertEquals(0, first.exit(), "make up failed:\n" + first + logs());
      List<String> names = List.of("auth", "meta", "datanode-1", "datanode-2");
      for (String name : names) {
        assertTrue(first.out().contains("started " + name + " (pid"), name + " started:\n" + first.out());
      }
      assertTrue(first.out().contains("created user demo"), first.out());
      assertTrue(first.out().contains("status page: http://127.0.0.1:" + (7100 + offset) + "/"), first.out());
      assertEquals(Set.copyOf(names.stream().map(n -> n + ".pid").toList()), list(local.resolve("run")),
          "one pid file per process, and NODES=2 means two data nodes");
      Map<String, Long> pids = pids(names);
      for (String name : names) {
        assertTrue(commandLine(pids.get(name)).contains("-Ddfs.node=" + name), name + "'s pid runs " + name);
        assertTrue(Files.size(local.resolve("log").resolve(name + ".log")) > 0, name + " logs to .dfs/log/");
      }
      assertEquals(200, Http.status("http://127.0.0.1:" + (7000 + offset) + "/ready"));
      assertEquals(200, Http.status("http://127.0.0.1:" + (7100 + offset) + "/ready"));
      assertEquals(200, Http.status("http://127.0.0.1:" + (7302 + offset) + "/ready"), "datanode-2 joined");
      assertEquals(-1, Http.status("http://127.0.0.1:" + (7303 + offset) + "/ready"), "no third data node");
      Path password = local.resolve("demo.password");
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(password)));
      assertFalse(Files.readString(password).isBlank());
      assertTrue(Files.exists(home.resolve("token.json")), "make up logged the CLI in, under DFS_HOME");

      CommandResult again = make("up", "NODES=2");
      assertEquals(0, again.exit(), "second make up failed:\n" + again + logs());
      assertFalse(again.out().contains("started "), "a second make up starts nothing:\n" + again.out());
      for (String name : names) {
        assertTrue(again.out().contains(name + " already running (pid " + pids.get(name) + ")"), again.out());
      }
      assertFalse(again.out().contains("created user demo"), "the demo user is made once");
      assertEquals(pids, pids(names));

      Path original = TestFiles.random(tmp, "data.bin", 3 * 1024 * 1024 + 17, 11);
      CommandResult put = dfs(home, "", "put", original.toString(), "data.bin");
      assertEquals(0, put.exit(), "bin/dfs put:\n" + put);
      assertTrue(put.out().trim().matches("[0-9a-f-]{36}"), "put prints the file id: " + put.out());
      assertRoundTrip(original, "first.back");

      CommandResult user = run(List.of("make", "-s", "user", "NAME=bob"), "bob-secret-1\n");
      assertEquals(0, user.exit(), "make user:\n" + user);
      Path bobHome = tmp.resolve("bob-home");
      CommandResult bob = dfs(bobHome, "bob-secret-1\n", "login", "--user", "bob", "--password-stdin");
      assertEquals(0, bob.exit(), "bob logs in with the password make user read from stdin:\n" + bob);

      long dead = pids.get("datanode-2");
      ProcessHandle.of(dead).orElseThrow().destroyForcibly();
      Http.await("datanode-2 killed", Duration.ofSeconds(30), () -> gone(dead));
      CommandResult restart = make("up", "NODES=2");
      assertEquals(0, restart.exit(), "make up after a crash failed:\n" + restart + logs());
      assertTrue(restart.out().contains("started datanode-2 (pid"), restart.out());
      for (String name : List.of("auth", "meta", "datanode-1")) {
        assertTrue(restart.out().contains(name + " already running (pid " + pids.get(name) + ")"), restart.out());
      }
      assertEquals(1, restart.out().lines().filter(l -> l.contains("started ")).count(),
          "only the dead node is started:\n" + restart.out());
      Map<String, Long> after = pids(names);
      assertNotEquals(dead, after.get("datanode-2"));
      assertFalse(gone(after.get("datanode-2")));
      assertTrue(TestFiles.countBlockFiles(local.resolve("datanode-2")) > 0, "datanode-2 kept its blocks");
      assertRoundTrip(original, "second.back");

      CommandResult down = make("down");
      assertEquals(0, down.exit(), "make down:\n" + down);
      for (String name : names) {
        assertTrue(down.out().contains("stopped " + name), down.out());
      }
      assertEquals(Set.of(), list(local.resolve("run")), "make down removes the pid files");
      for (long pid : List.of(pids.get("auth"), pids.get("meta"), pids.get("datanode-1"), dead,
          after.get("datanode-2"))) {
        assertTrue(gone(pid), "pid " + pid + " is gone");
      }
      assertEquals(List.of(), ours().stream().map(this::describe).toList(), "no process of the cluster is left");
    } catch (AssertionError | RuntimeException e) {
      System.err.println(logs());
      throw e;
    }
  }

  /**
   * {@code make -C meta} and {@code make -C datanode} on a fresh clone: nothing under the local
   * directory yet, so their service accounts and secret files must be made by the targets
   * themselves, or the servers refuse to start.
   */
  @Test
  void perModuleTargetsRunEachServerInTheForegroundOnAFreshClone() throws Exception {
    assertFalse(Files.exists(local));
    try {
      Process auth = foreground("auth", "make", "-C", "auth");
      awaitReady(auth, "auth", 7000);
      Process meta = foreground("meta", "make", "-C", "meta");
      awaitReady(meta, "meta", 7100);
      Process node = foreground("datanode", "make", "-C", "datanode", "CONFIG=configs/local/datanode-2.json");
      awaitReady(node, "datanode", 7302);
      for (Path secret : List.of(local.resolve("meta/secret"), local.resolve("datanode-2/secret"))) {
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)), secret.toString());
      }
      assertTrue(Files.exists(local.resolve("auth/accounts/services/datanode-2.json")),
          "the node's account is on the local auth server");
      for (Process p : List.of(auth, meta, node)) {
        assertTrue(p.isAlive(), "still in the foreground");
      }
    } catch (AssertionError | RuntimeException e) {
      for (String name : List.of("auth", "meta", "datanode")) {
        System.err.println("---- make -C " + name + "\n" + tail(tmp.resolve(name + ".out"), 30));
      }
      throw e;
    }
  }

  private Process foreground(String name, String... command) {
    try {
      ProcessBuilder pb = builder(List.of(command)).redirectErrorStream(true)
          .redirectOutput(tmp.resolve(name + ".out").toFile());
      Process p = pb.start();
      foreground.add(p);
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitReady(Process make, String name, int defaultPort) {
    String url = "http://127.0.0.1:" + (defaultPort + offset) + "/ready";
    Http.await(name + " ready at " + url, Duration.ofSeconds(90), () -> {
      if (!make.isAlive()) {
        throw new AssertionError("make -C " + name + " exited with " + make.exitValue() + ":\n"
            + tail(tmp.resolve(name + ".out"), 30));
      }
      return Http.status(url) == 200;
    });
  }

  /** Stops the server a foreground make runs, by its pid, and then make. */
  private static void stopTree(Process make) {
    List<ProcessHandle> tree = new ArrayList<>(make.descendants().toList());
    tree.add(make.toHandle());
    for (ProcessHandle p : tree) {
      p.destroy();
    }
    for (ProcessHandle p : tree) {
      try {
        p.onExit().get(15, TimeUnit.SECONDS);
      } catch (Exception e) {
        p.destroyForcibly();
      }
    }
  }

  private void assertRoundTrip(Path original, String back) {
    Path copy = tmp.resolve(back);
    CommandResult get = dfs(home, "", "get", "data.bin", copy.toString());
    assertEquals(0, get.exit(), "bin/dfs get:\n" + get);
    assertEquals(TestFiles.sha256(original), TestFiles.sha256(copy));
  }

  private CommandResult make(String... args) {
    List<String> cmd = new ArrayList<>(List.of("make", "-s"));
    cmd.addAll(List.of(args));
    return run(cmd, "");
  }

  private CommandResult dfs(Path dfsHome, String stdin, String... args) {
    List<String> cmd = new ArrayList<>(List.of("bin/dfs"));
    cmd.addAll(List.of(args));
    return run(cmd, stdin, Map.of("DFS_HOME", dfsHome.toString()));
  }

  private CommandResult run(List<String> command, String stdin) {
    return run(command, stdin, Map.of());
  }

  private CommandResult run(List<String> command, String stdin, Map<String, String> env) {
    try {
      Path out = Files.createTempFile(tmp, "out", ".txt");
      Path err = Files.createTempFile(tmp, "err", ".txt");
      ProcessBuilder pb = builder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
      pb.environment().putAll(env);
      Process p = pb.start();
      try (var in = p.getOutputStream()) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
      if (!p.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        stopTree(p);
        throw new AssertionError(command + " did not finish in " + COMMAND_TIMEOUT.toMinutes() + " minutes:\n"
            + Files.readString(out) + Files.readString(err));
      }
      return new CommandResult(p.exitValue(), Files.readAllBytes(out), Files.readString(err));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted running " + command);
    }
  }

  /** A command in the repository root, pointed at this test's directory, ports and token cache. */
  private ProcessBuilder builder(List<String> command) {
    ProcessBuilder pb = new ProcessBuilder(command).directory(Jars.root().toFile());
    Map<String, String> env = pb.environment();
    INHERITED_MAKE_VARIABLES.forEach(env::remove);
    env.put("DFS_LOCAL_DIR", local.toString());
    env.put("DFS_PORT_OFFSET", Integer.toString(offset));
    env.put("DFS_HOME", home.toString());
    // C1 only: the servers live for seconds, and the JIT's second tier would cost more than it saves.
    env.put("DFS_SERVER_JAVA_OPTS", "-Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");
    return pb;
  }

  private Map<String, Long> pids(List<String> names) throws IOException {
    Map<String, Long> pids = new HashMap<>();
    for (String name : names) {
      pids.put(name, Long.parseLong(Files.readString(local.resolve("run").resolve(name + ".pid")).trim()));
    }
    return pids;
  }

  /** Every live process whose command line names this test's directory: the cluster's servers. */
  private List<ProcessHandle> ours() {
    String dir = tmp + "/";
    long self = ProcessHandle.current().pid();
    try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
      return all.filter(p -> p.pid() != self && commandLine(p.pid()).contains(dir)).toList();
    }
  }

  private String describe(ProcessHandle p) {
    return p.pid() + " " + commandLine(p.pid());
  }

  /**
   * True once the process has exited. A zombie counts as exited: the servers are not this JVM's
   * children, and under a PID 1 that does not reap they linger as zombies holding nothing.
   */
  private static boolean gone(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
    } catch (IOException e) {
      return true;
    }
  }

  /** The full command line, from /proc: ProcessHandle.Info truncates it on Linux. */
  private static String commandLine(long pid) {
    try {
      return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8)
          .replace('\0', ' ');
    } catch (IOException e) {
      return "";
    }
  }

  private static Set<String> list(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return Set.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
    }
  }

  private String logs() {
    StringBuilder sb = new StringBuilder();
    try {
      for (String log : list(local.resolve("log"))) {
        sb.append("\n---- ").append(log).append('\n').append(tail(local.resolve("log").resolve(log), 20));
      }
    } catch (IOException e) {
      sb.append("(no logs: ").append(e.getMessage()).append(')');
    }
    return sb.toString();
  }

  private static String tail(Path file, int lines) {
    try {
      List<String> all = Files.exists(file) ? Files.readAllLines(file) : List.of();
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(cannot read " + file + ")";
    }
  }

  /**
   * A DFS_PORT_OFFSET whose ports are all free: whole thousands that keep every port below the
   * kernel's ephemeral range, where other tests' servers get theirs, started at random so that two
   * checkouts running the suite at once rarely try the same one.
   */
  private static int freePortOffset() {
    int choices = 16;
    int start = ThreadLocalRandom.current().nextInt(choices);
    for (int i = 0; i < choices; i++) {
      int offset = 10_000 + ((start + i) % choices) * 1000;
      if (free(offset)) {
        return offset;
      }
    }
    throw new IllegalStateException("no DFS_PORT_OFFSET from 10000 to 25000 has its ports free");
  }

  private static boolean free(int offset) {
    List<Integer> tcp = new ArrayList<>(List.of(7000, 7100, 7101));
    for (int i = 1; i <= 3; i++) {
      tcp.add(7200 + i);
      tcp.add(7300 + i);
    }
    for (int port : tcp) {
      if (!FreePorts.tcpFree(port + offset)) {
        return false;
      }
    }
    return FreePorts.udpFree(7102 + offset);
  }
}
