package io.dfs.it;

import static org.junit.jupiter.api.Assertions.*;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole system as a user meets it: auth, meta and three data nodes from the built jars, and the
 * {@code dfs} CLI run as a separate process for every command.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(ProcessClusterDumpOnFailure.class)
class EndToEndCliTest {
  private static final long KIB = 1024;
  private static final long MIB = 1024 * KIB;
  /**
   * Meta evicts a silent node only after this many missed heartbeats (about 30 s): the read with a
   * node down has to happen while meta still lists the killed node, so that it has to fail over.
   * Nothing else here depends on how fast a node is evicted.
   */
  private static final int MISSED_HEARTBEATS = 30;
  /** Blocks of a replaced or deleted file stay this long, for reads that began before. */
  private static final Duration RECLAIM_DELAY = Duration.ofSeconds(10);

  @TempDir static Path work;
  static ProcessCluster cluster;
  static Path alice;
  static Path bob;

  @BeforeAll
  static void startCluster() throws Exception {
    start(false);
  }

  static void start(boolean tls) throws Exception {
    cluster = ProcessCluster.start(Files.createDirectories(work.resolve("cluster")), 3,
        new JsonObject().put("missedHeartbeats", MISSED_HEARTBEATS).put("reclaimDelay", RECLAIM_DELAY.toMillis() + "ms"),
        new JsonObject(), tls);
    ProcessClusterDumpOnFailure.watch(cluster);
    cluster.addUser("alice", "alice-password-1");
    cluster.addUser("bob", "bob-password-2");
    alice = Files.createDirectories(work.resolve("home-alice"));
    bob = Files.createDirectories(work.resolve("home-bob"));
    ok(cluster.dfs(alice, "alice-password-1\n", "login", "--user", "alice", "--password-stdin"));
    ok(cluster.dfs(bob, "bob-password-2\n", "login", "--user", "bob", "--password-stdin"));
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static CommandResult ok(CommandResult r) {
    assertEquals(0, r.exit(), () -> "command failed: " + r);
    return r;
  }

  /** A failing command exits non-zero with exactly one human line on stderr. */
  private static CommandResult fails(CommandResult r, String expectedInMessage) {
    assertNotEquals(0, r.exit(), () -> "command should have failed: " + r);
    List<String> lines = r.stderr().lines().filter(l -> !l.isBlank()).toList();
    assertEquals(1, lines.size(), () -> "expected one line on stderr: " + r);
    assertTrue(lines.get(0).toLowerCase().contains(expectedInMessage.toLowerCase()),
        () -> "stderr should mention '" + expectedInMessage + "': " + r);
    return r;
  }

  private static JsonObject stat(Path home, String ref) {
    return new JsonObject(ok(cluster.dfs(home, null, "stat", ref, "--json")).out());
  }

  /**
   * A commit needs minReplicas reports; the last replica's report may trail it by a batch, so the
   * stat is repeated (briefly) until every block lists three distinct nodes or time runs out.
   */
  private static JsonObject statOnceFullyReported(Path home, String ref) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      JsonObject st = stat(home, ref);
      boolean full = st.getJsonArray("blocks").stream().map(JsonObject.class::cast)
          .allMatch(b -> b.getJsonArray("replicas").stream().map(r -> ((JsonObject) r).getString("node"))
              .distinct().count() == 3);
      if (full || System.nanoTime() > deadline) {
        return st;
      }
    }
  }

  @Test
  @Order(0)
  void progressIsDrawnOnATerminalOnlyAndNeverWithQuiet() throws Exception {
    Path local = TestFiles.random(work, "in-progress", 48 * MIB, 48);

    CommandResult piped = ok(cluster.dfs(alice, null, "put", local.toString(), "progress/piped.bin"));
    assertEquals("", piped.stderr(), "nothing on stderr in a pipe: " + piped);
    assertTrue(piped.out().strip().matches("[0-9a-f-]{36}"), "stdout is the file id alone: " + piped);
    CommandResult pipedGet = ok(cluster.dfs(alice, null, "get", "progress/piped.bin", work.resolve("piped.out").toString()));
    assertEquals("", pipedGet.stderr() + pipedGet.out(), "a get to a file prints nothing in a pipe");

    CommandResult shown = ok(cluster.dfsOnTerminal(alice, "put", local.toString(), "progress/tty.bin"));
    assertTrue(shown.out().contains("\r[") && shown.out().contains("MiB/s") && shown.out().contains("ETA"),
        "a bar with rate and ETA on a terminal: " + shown);
    assertFalse(shown.out().contains("\u001b"), "the bar needs no escape codes: " + shown);
    CommandResult shownGet = ok(cluster.dfsOnTerminal(alice, "get", "progress/tty.bin", work.resolve("tty.out").toString()));
    assertTrue(shownGet.out().contains("ETA"), "get draws the bar too: " + shownGet);

    CommandResult quiet = ok(cluster.dfsOnTerminal(alice, "put", local.toString(), "progress/quiet.bin", "--quiet"));
    assertFalse(quiet.out().contains("ETA") || quiet.out().contains("\r["), "--quiet draws nothing: " + quiet);
    assertArrayEquals(Files.readAllBytes(local), Files.readAllBytes(work.resolve("tty.out")));
  }

  @Test
  @Order(1)
  void roundTripsFilesOfEverySizeWithThreeReplicasEach() throws Exception {
    long[] sizes = {0, 1, 100 * KIB - 1, 100 * KIB + 1, 10 * MIB + 1, 64 * MIB};
    for (long size : sizes) {
      String name = "sizes/file-" + size + ".bin";
      Path local = TestFiles.random(work, "in-" + size, size, size);
      String id = ok(cluster.dfs(alice, null, "put", local.toString(), name, "--quiet")).out().trim();
      assertFalse(id.isEmpty(), "put prints the file id");

      Path back = work.resolve("out-" + size);
      ok(cluster.dfs(alice, null, "get", name, back.toString(), "--quiet"));
      assertEquals(TestFiles.sha256(local), TestFiles.sha256(back), "content of " + name);

      JsonObject st = statOnceFullyReported(alice, id);
      assertEquals(id, st.getString("id"));
      assertEquals(name, st.getString("name"));
      assertEquals(size, st.getLong("size"));
      JsonArray blocks = st.getJsonArray("blocks");
      long covered = 0;
      for (int i = 0; i < blocks.size(); i++) {
        JsonObject b = blocks.getJsonObject(i);
        assertEquals(covered, b.getLong("offset"), "blocks are contiguous");
        covered += b.getLong("length");
        JsonArray replicas = b.getJsonArray("replicas");
        Set<String> nodes = new HashSet<>();
        for (int r = 0; r < replicas.size(); r++) {
          nodes.add(replicas.getJsonObject(r).getString("node"));
        }
        assertEquals(3, nodes.size(), "three replicas on three distinct nodes: " + b);
        int onDisk = 0;
        for (int n = 1; n <= cluster.dataNodes(); n++) {
          Path f = TestFiles.blockFile(cluster.dataDir(n), b.getString("id"));
          if (Files.exists(f)) {
            assertEquals(b.getLong("length"), Files.size(f));
            onDisk++;
          }
        }
        assertEquals(3, onDisk, "block " + b.getString("id") + " is on three disks");
      }
      assertEquals(size, covered, "blocks cover the file");
      if (size > 10 * MIB) {
        assertTrue(blocks.size() > 1, "a large file has several blocks");
      }
    }
  }

  @Test
  @Order(2)
  void getToStdoutStreamsTheBytes() throws Exception {
    Path local = TestFiles.random(work, "stdout.bin", 3 * MIB + 5, 99);
    ok(cluster.dfs(alice, null, "put", local.toString(), "stdout.bin", "--quiet"));
    CommandResult r = ok(cluster.dfs(alice, null, "get", "stdout.bin", "-"));
    assertEquals(TestFiles.sha256(local), TestFiles.sha256(r.stdout()));
  }

  @Test
  @Order(3)
  void usersHaveSeparateNamespaces() throws Exception {
    Path a = TestFiles.random(work, "a-alice", 1000, 1);
    Path b = TestFiles.random(work, "a-bob", 2000, 2);
    String aliceId = ok(cluster.dfs(alice, null, "put", a.toString(), "a.txt", "--quiet")).out().trim();
    String bobId = ok(cluster.dfs(bob, null, "put", b.toString(), "a.txt", "--quiet")).out().trim();
    assertNotEquals(aliceId, bobId);

    Path outA = work.resolve("a-back-alice");
    Path outB = work.resolve("a-back-bob");
    ok(cluster.dfs(alice, null, "get", "a.txt", outA.toString(), "--quiet"));
    ok(cluster.dfs(bob, null, "get", "a.txt", outB.toString(), "--quiet"));
    assertEquals(TestFiles.sha256(a), TestFiles.sha256(outA));
    assertEquals(TestFiles.sha256(b), TestFiles.sha256(outB));

    fails(cluster.dfs(bob, null, "get", aliceId, work.resolve("stolen").toString(), "--quiet"), "no such file");
    fails(cluster.dfs(bob, null, "stat", aliceId, "--json"), "no such file");
    fails(cluster.dfs(bob, null, "rm", aliceId), "no such file");
    assertFalse(Files.exists(work.resolve("stolen")));

    JsonArray bobFiles = new JsonObject(ok(cluster.dfs(bob, null, "ls", "--json")).out()).getJsonArray("files");
    for (int i = 0; i < bobFiles.size(); i++) {
      assertNotEquals(aliceId, bobFiles.getJsonObject(i).getString("id"));
    }
    assertEquals(1, bobFiles.size(), "bob sees only his own file: " + bobFiles);
  }

  @Test
  @Order(4)
  void secondPutReplacesAndRmRemovesBlocksFromDisks() throws Exception {
    Path v1 = TestFiles.random(work, "v1", 300 * KIB, 11);
    Path v2 = TestFiles.random(work, "v2", 500 * KIB, 12);
    JsonObject stored = new JsonObject(ok(cluster.dfs(alice, null, "put", v1.toString(), "doc.bin", "--json")).out());
    assertEquals("doc.bin", stored.getString("name"));
    List<String> oldBlocks = blockIds(stat(alice, "doc.bin"));
    assertEquals(oldBlocks, blockIds(stored), "put --json describes the stored file as stat --json does");
    ok(cluster.dfs(alice, null, "put", v2.toString(), "doc.bin", "--quiet"));
    assertTrue(oldBlocks.stream().allMatch(EndToEndCliTest::onEveryDisk),
        "the replaced file's blocks wait out the reclaim delay, for reads that began before");
    Path back = work.resolve("doc-back");
    ok(cluster.dfs(alice, null, "get", "doc.bin", back.toString(), "--quiet"));
    assertEquals(TestFiles.sha256(v2), TestFiles.sha256(back), "the second put replaced the first");
    awaitGoneFromDisks(oldBlocks);

    JsonObject current = stat(alice, "doc.bin");
    List<String> newBlocks = blockIds(current);
    JsonObject removed = new JsonObject(ok(cluster.dfs(alice, null, "rm", "doc.bin", "--json")).out());
    assertEquals(new JsonObject().put("id", current.getString("id")).put("name", "doc.bin").put("deleted", true), removed);
    fails(cluster.dfs(alice, null, "stat", "doc.bin"), "no such file");
    awaitGoneFromDisks(newBlocks);
  }

  private static List<String> blockIds(JsonObject stat) {
    JsonArray blocks = stat.getJsonArray("blocks");
    return blocks.stream().map(o -> ((JsonObject) o).getString("id")).toList();
  }

  private static boolean onEveryDisk(String blockId) {
    for (int n = 1; n <= cluster.dataNodes(); n++) {
      if (!Files.exists(TestFiles.blockFile(cluster.dataDir(n), blockId))) {
        return false;
      }
    }
    return true;
  }

  private static void awaitGoneFromDisks(List<String> blockIds) {
    assertFalse(blockIds.isEmpty());
    Http.await("blocks " + blockIds + " deleted on every node", RECLAIM_DELAY.plusSeconds(20), () -> {
      for (String id : blockIds) {
        for (int n = 1; n <= cluster.dataNodes(); n++) {
          if (Files.exists(TestFiles.blockFile(cluster.dataDir(n), id))) {
            return false;
          }
        }
      }
      return true;
    });
  }

  @Test
  @Order(5)
  void badInputGetsOneClearLineAndChangesNothing() throws Exception {
    fails(cluster.dfs(alice, null, "get", "no-such-file.txt", work.resolve("x").toString()), "no such file");
    assertFalse(Files.exists(work.resolve("x")));

    Path fresh = Files.createDirectories(work.resolve("home-fresh"));
    fails(cluster.dfs(fresh, "wrong\n", "login", "--user", "alice", "--password-stdin"), "invalid username or password");
    fails(cluster.dfs(fresh, "whatever\n", "login", "--user", "mallory", "--password-stdin"), "invalid username or password");
    fails(cluster.dfs(fresh, null, "ls"), "dfs login");

    Path forged = Files.createDirectories(work.resolve("home-forged"));
    Files.writeString(forged.resolve("token.json"), new JsonObject().put("token", "eyJhbGciOiJub25lIn0.e30.")
        .put("expiresAt", System.currentTimeMillis() + 600_000).put("user", "alice").encode());
    // Meta refuses the unsigned token: one line saying to log in again, and a non-zero exit.
    fails(cluster.dfs(forged, null, "ls"), "dfs login");

    fails(cluster.dfs(alice, null, "put", work.resolve("missing.bin").toString(), "m.bin"), "missing.bin");

    Path notADir = Files.writeString(work.resolve("plain-file"), "x");
    Path local = TestFiles.random(work, "small", 10_000, 5);
    ok(cluster.dfs(alice, null, "put", local.toString(), "small.bin", "--quiet"));
    fails(cluster.dfs(alice, null, "get", "small.bin", notADir.resolve("sub").resolve("out").toString()), "cannot write");

    JsonArray files = new JsonObject(ok(cluster.dfs(alice, null, "ls", "--json")).out()).getJsonArray("files");
    assertTrue(files.stream().noneMatch(o -> ((JsonObject) o).getString("name").equals("m.bin")));
    // The cluster still serves after all of it.
    Path back = work.resolve("small-back");
    ok(cluster.dfs(alice, null, "get", "small.bin", back.toString(), "--quiet"));
    assertEquals(TestFiles.sha256(local), TestFiles.sha256(back));
  }

  private static String firstReplica(JsonObject block) {
    return block.getJsonArray("replicas").getJsonObject(0).getString("node");
  }

  /** Indexes of the blocks whose first replica, the one a read tries first, is on {@code node}. */
  private static List<Integer> blocksFirstOn(JsonObject stat, String node) {
    JsonArray blocks = stat.getJsonArray("blocks");
    return java.util.stream.IntStream.range(0, blocks.size())
        .filter(i -> firstReplica(blocks.getJsonObject(i)).equals(node)).boxed().toList();
  }

  @Test
  @Order(6)
  void aReplicaRottenMidBlockIsLeftForTheNextAndTheFileReadsWhole() throws Exception {
    // 2 MiB blocks: a file is cut into about four blocks per node.
    Path local = TestFiles.random(work, "rotten.bin", 24 * MIB, 91);
    ok(cluster.dfs(alice, null, "put", local.toString(), "rotten.bin", "--quiet"));
    JsonObject block = statOnceFullyReported(alice, "rotten.bin").getJsonArray("blocks").getJsonObject(0);
    // Chunk 20 of 64 KiB: in the second MiB a node checks and sends, after a whole batch went out.
    long rotAt = 20 * 64 * KIB + 7;
    assertTrue(block.getLong("length") > rotAt, "the first block reaches past the rot: " + block);
    String first = firstReplica(block);
    Path replica = TestFiles.blockFile(cluster.dataDir(Integer.parseInt(first.substring("datanode-".length()))),
        block.getString("id"));
    try (FileChannel f = FileChannel.open(replica, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.allocate(1);
      f.read(b, rotAt);
      b.put(0, (byte) (b.get(0) ^ 0x5A)).rewind();
      f.write(b, rotAt);
    }

    Path back = work.resolve("rotten-back");
    ok(cluster.dfs(alice, null, "get", "rotten.bin", back.toString(), "--quiet"));
    assertEquals(TestFiles.sha256(local), TestFiles.sha256(back), "read whole from the next replica");
    // The node that found the rot took its replica out of service (and meta may already have had a
    // good copy put back in its place).
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (rotten(replica, rotAt, local) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertFalse(rotten(replica, rotAt, local), first + " still holds the rotten replica");
  }

  private static boolean rotten(Path replica, long at, Path original) throws Exception {
    try (FileChannel f = FileChannel.open(replica, StandardOpenOption.READ);
        FileChannel o = FileChannel.open(original, StandardOpenOption.READ)) {
      ByteBuffer stored = ByteBuffer.allocate(1);
      ByteBuffer wanted = ByteBuffer.allocate(1);
      f.read(stored, at);
      o.read(wanted, at);
      return stored.get(0) != wanted.get(0);
    } catch (java.nio.file.NoSuchFileException gone) {
      return false;
    }
  }

  @Test
  @Order(7)
  void readSucceedsWithOneDataNodeDown() throws Exception {
    Path local = TestFiles.random(work, "resilient.bin", 24 * MIB + 3, 77);
    ok(cluster.dfs(alice, null, "put", local.toString(), "resilient.bin", "--quiet"));
    JsonObject before = statOnceFullyReported(alice, "resilient.bin");
    String primary = firstReplica(before.getJsonArray("blocks").getJsonObject(0));
    List<Integer> failingOver = blocksFirstOn(before, primary);
    cluster.server(primary).kill9();
    try {
      Path back = work.resolve("resilient-back");
      ok(cluster.dfs(alice, null, "get", "resilient.bin", back.toString(), "--quiet"));
      assertEquals(TestFiles.sha256(local), TestFiles.sha256(back));
      // Meta lists a replica only while its node is live, and a killed node never becomes live again
      // without re-joining. Still listed first after the get, it was listed first when the get looked
      // the file up: the get tried the dead node first for these blocks, and read them elsewhere.
      List<Integer> stillFirst = blocksFirstOn(stat(alice, "resilient.bin"), primary);
      assertEquals(failingOver, stillFirst, "meta still lists the killed " + primary + " first; had it evicted it "
          + "before the get, nothing would have failed over");
    } finally {
      cluster.restart(primary);
    }
    fails(cluster.dfs(alice, null, "cluster", "--json"), "admin");
    cluster.addAdmin("root", "root-password-3");
    Path root = Files.createDirectories(work.resolve("home-root"));
    ok(cluster.dfs(root, "root-password-3\n", "login", "--user", "root", "--password-stdin"));
    JsonObject state = new JsonObject(ok(cluster.dfs(root, null, "cluster", "--json")).out());
    assertEquals(3, state.getJsonArray("nodes").size());
  }
}
