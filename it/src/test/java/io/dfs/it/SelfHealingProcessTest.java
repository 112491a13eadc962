package io.dfs.it;

import static org.junit.jupiter.api.Assertions.*;

import io.dfs.cli.client.FileInfo;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults on real processes: auth, meta and four data nodes from the built jars (R = 3, so a dead
 * node's blocks have somewhere to go), heartbeats every second, eviction after two missed. Data
 * nodes die at exact moments through fault points ({@code -Ddfs.faults=...}), by kill -9 and by
 * SIGSTOP; block files are corrupted on disk; meta is killed during a stream of PUTs. After each
 * fault: every committed file reads back byte-identical, and every block is back at exactly three
 * replicas within {@link #HEAL_BOUND}.
 *
 * <p>The bound: detection (2 × 1 s + slack) plus copying at least 20 MB/s plus 10 s, as in
 * RELIABILITY.md's T_rr, rounded up for a 2-core machine running six JVMs: 60 s for the steps with
 * a few MiB to copy, 120 s for the 200 MiB step.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(ProcessClusterDumpOnFailure.class)
class SelfHealingProcessTest {
  private static final long MIB = 1024 * 1024;
  static final Duration HEAL_BOUND = Duration.ofSeconds(60);
  static final Duration BIG_HEAL_BOUND = Duration.ofSeconds(120);

  @TempDir static Path work;
  static ProcessCluster cluster;
  static LibraryClient alice;
  /** Every file committed so far: name → SHA-256 of its content. */
  static final Map<String, String> committed = new LinkedHashMap<>();

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = ProcessCluster.start(Files.createDirectories(work.resolve("cluster")), 4,
        new JsonObject().put("heartbeatInterval", "1s"),
        new JsonObject().put("peerTimeout", "3s").put("scrubInterval", "2s"));
    ProcessClusterDumpOnFailure.watch(cluster);
    cluster.addUser("alice", "alice-pw");
    alice = new LibraryClient(cluster.authUrl(), cluster.metaUrl(), "alice", "alice-pw");
  }

  @AfterAll
  static void stopCluster() {
    Closing.all(alice, cluster);
  }

  private static String node(int i) {
    return "datanode-" + i;
  }

  private static Path file(String name, long size, long seed) {
    return TestFiles.random(work, name, size, seed);
  }

  /** Puts through the library client; records the file as committed once the put returned. */
  private static String put(Path local, String name) {
    String id = alice.put(local, name);
    committed.put(name, TestFiles.sha256(local));
    return id;
  }

  private static void assertReadsBack(String name) {
    Path back = work.resolve("back-" + name.replace('/', '_'));
    alice.get(name, back);
    assertEquals(committed.get(name), TestFiles.sha256(back), "content of " + name);
  }

  private static void assertEverythingReadsBack() {
    for (String name : committed.keySet()) {
      assertReadsBack(name);
    }
  }

  /** Waits until meta counts no under-replicated and no missing block; returns how long it took. */
  private static Duration awaitHealed(Duration bound) {
    long start = System.nanoTime();
    Http.await("underReplicatedBlocks and missingBlocks at 0", bound, () -> {
      JsonObject state = cluster.clusterState();
      return state.getLong("underReplicatedBlocks") == 0 && state.getLong("missingBlocks") == 0;
    });
    return Duration.ofNanos(System.nanoTime() - start);
  }

  private static int distinctReplicas(FileInfo.FileBlock block) {
    Set<String> nodes = new HashSet<>();
    block.replicas().forEach(r -> nodes.add(r.node()));
    return nodes.size();
  }

  /**
   * Waits until every block of every committed file is listed on exactly three live nodes and
   * exists as a block file in exactly three data directories (so surplus copies are gone too).
   */
  private static void awaitExactlyThreeEverywhere(Duration bound) {
    Http.await("every block on exactly three nodes, in meta and on disk", bound, () -> {
      for (String name : committed.keySet()) {
        for (FileInfo.FileBlock b : alice.stat(name).blocks()) {
          if (distinctReplicas(b) != 3 || blockFilesOnDisk(b.id()) != 3) {
            return false;
          }
        }
      }
      return true;
    });
  }

  private static int blockFilesOnDisk(String blockId) {
    int n = 0;
    for (int i = 1; i <= cluster.dataNodes(); i++) {
      if (Files.exists(TestFiles.blockFile(cluster.dataDir(i), blockId))) {
        n++;
      }
    }
    return n;
  }

  private static String nodeState(String nodeId) {
    for (Object o : cluster.clusterState().getJsonArray("nodes")) {
      JsonObject n = (JsonObject) o;
      if (n.getString("id").equals(nodeId)) {
        return n.getString("state");
      }
    }
    return "unknown";
  }

  private static JsonObject nodeJson(String nodeId) {
    for (Object o : cluster.clusterState().getJsonArray("nodes")) {
      JsonObject n = (JsonObject) o;
      if (n.getString("id").equals(nodeId)) {
        return n;
      }
    }
    throw new AssertionError("meta does not know " + nodeId);
  }

  /** Files put per step at most while waiting for an armed node to meet its fault point. */
  static final int MAX_TRIES = 4;

  /**
   * Puts 24 MiB files until data node {@code i} has died at its armed fault point (placement is by
   * hash, so one file could miss it); every put must succeed regardless. Returns the last name.
   */
  private static String putUntilDead(int i, String prefix, long seed) {
    String name = null;
    for (int k = 0; k < MAX_TRIES && cluster.server(node(i)).alive(); k++) {
      name = prefix + "-" + k + ".bin";
      assertFalse(put(file(name, 24 * MIB, seed * 100 + k), name).isEmpty());
    }
    assertDiedAtFaultPoint(i);
    return name;
  }

  /** Earlier steps leave every data node running; one that failed half-way may not have. */
  @BeforeEach
  void everyNodeRuns() {
    for (int i = 1; i <= cluster.dataNodes(); i++) {
      ServerProcess p = cluster.server(node(i));
      p.sigcont();
      if (!p.alive()) {
        restartClean(i);
      }
    }
    if (!cluster.server("meta").alive()) {
      cluster.restart("meta");
    }
    awaitAllLive();
  }

  /** Restarts a data node with a fault point armed. */
  private static void arm(int i, String faultPoint) {
    cluster.server(node(i)).stop();
    cluster.restart(node(i), List.of("-Ddfs.faults=" + faultPoint));
    Http.await(node(i) + " live again", Duration.ofSeconds(30), () -> "live".equals(nodeState(node(i))));
  }

  private static void assertDiedAtFaultPoint(int i) {
    assertTrue(cluster.server(node(i)).awaitExit(Duration.ofSeconds(30)), node(i) + " hit its fault point");
    assertTrue(cluster.server(node(i)).logTail(20).contains("fault point"), "halted by the fault point");
  }

  private static void restartClean(int i) {
    cluster.restart(node(i));
    Http.await(node(i) + " live again", Duration.ofSeconds(30), () -> "live".equals(nodeState(node(i))));
  }

  private static long tempFiles(int i) throws IOException {
    Path tmp = cluster.dataDir(i).resolve("tmp");
    if (!Files.isDirectory(tmp)) {
      return 0;
    }
    try (Stream<Path> s = Files.list(tmp)) {
      return s.count();
    }
  }

  @Test
  @Order(1)
  void aReplicaKilledMidPutLeavesTheWriteToTheOthersAndIsReplacedLater() throws Exception {
    arm(4, "dn.replica.midStream");
    // 16 blocks of 1.5 MiB: datanode-4 is a downstream replica of about half of each file's blocks.
    String name = putUntilDead(4, "replica-killed", 1);
    assertReadsBack(name);
    Http.await("datanode-4 evicted", Duration.ofSeconds(10), () -> "dead".equals(nodeState(node(4))));
    JsonObject dead = nodeJson(node(4));
    assertTrue(dead.getLong("deadSince") > 0, "when: " + dead);
    assertTrue(dead.getString("deadReason").contains("heartbeat"), "why: " + dead);
    awaitHealed(HEAL_BOUND);
    restartClean(4);
    assertEquals(0, tempFiles(4), "the killed replica's partial block is gone after its restart");
    awaitExactlyThreeEverywhere(HEAL_BOUND);
  }

  @Test
  @Order(2)
  void aPrimaryKilledMidPutIsLeftOutAndThePutSucceeds() throws Exception {
    arm(3, "dn.put.midStream");
    assertReadsBack(putUntilDead(3, "primary-killed", 2));
    awaitHealed(HEAL_BOUND);
    restartClean(3);
    assertEquals(0, tempFiles(3));
    awaitExactlyThreeEverywhere(HEAL_BOUND);
  }

  @Test
  @Order(3)
  void aNodeStoppedMidPutIsTimedOutEvictedOnceAndComesBackOnlyByRejoining() throws Exception {
    Path local = file("stopped.bin", 32 * MIB, 3);
    ServerProcess stopped = cluster.server(node(2));
    CompletableFuture<String> upload = CompletableFuture.supplyAsync(() -> put(local, "stopped.bin"));
    Thread.sleep(300);
    stopped.sigstop();
    try {
      // Bounded: peers and the client give up on the stopped node after their timeouts.
      String id = upload.get(90, TimeUnit.SECONDS);
      assertFalse(id.isEmpty());
      Http.await("datanode-2 evicted", Duration.ofSeconds(10), () -> "dead".equals(nodeState(node(2))));
      assertReadsBack("stopped.bin");
      awaitHealed(HEAL_BOUND);
    } finally {
      stopped.sigcont();
    }
    Http.await("datanode-2 re-joined", Duration.ofSeconds(30), () -> "live".equals(nodeState(node(2))));
    String metaLog = Files.readString(work.resolve("cluster").resolve("log").resolve("meta.log"));
    long evictions = metaLog.lines().filter(l -> l.contains("event=node_evicted node=datanode-2 ")).count();
    assertEquals(1, evictions, "evicted exactly once");
    assertTrue(metaLog.contains("event=node_rejoined node=datanode-2 "), "came back by joining again");
    awaitExactlyThreeEverywhere(HEAL_BOUND);
  }

  @Test
  @Order(4)
  void aNodeKilledDuringAGetIsFailedOverWithoutAnError() {
    List<String> names = new ArrayList<>();
    for (int k = 0; k < MAX_TRIES; k++) {
      String name = "read-during-kill-" + k + ".bin";
      put(file(name, 16 * MIB, 40 + k), name);
      names.add(name);
    }
    arm(1, "dn.get.midStream");
    // Readers go to the first replica in ring order; datanode-1 is that for about a quarter of the
    // blocks, so it dies during one of these reads, and each read still returns the right bytes.
    for (String name : names) {
      if (cluster.server(node(1)).alive()) {
        assertReadsBack(name);
      }
    }
    assertDiedAtFaultPoint(1);
    awaitHealed(HEAL_BOUND);
    restartClean(1);
    awaitExactlyThreeEverywhere(HEAL_BOUND);
  }

  @Test
  @Order(5)
  void flippedTruncatedAndDeletedReplicasAreFoundAndRepairedFromGoodCopies() throws Exception {
    String name = "damaged.bin";
    put(file(name, 6 * MIB, 5), name);
    awaitExactlyThreeEverywhere(HEAL_BOUND);
    List<FileInfo.FileBlock> blocks = alice.stat(name).blocks();
    assertTrue(blocks.size() >= 3, "needs three blocks, has " + blocks.size());
    List<Path> quarantine = new ArrayList<>();
    List<Path> damaged = new ArrayList<>();
    for (int k = 0; k < 3; k++) {
      FileInfo.FileBlock b = blocks.get(k);
      int holder = nodeIndex(b.replicas().get(k % b.replicas().size()).node());
      Path f = TestFiles.blockFile(cluster.dataDir(holder), b.id());
      damaged.add(f);
      quarantine.add(cluster.dataDir(holder).resolve("quarantine").resolve(b.id() + ".blk"));
      switch (k) {
        case 0 -> flipByte(f, Files.size(f) / 2);
        case 1 -> truncate(f, Files.size(f) / 3);
        default -> Files.delete(f);
      }
    }
    // The read gets good bytes from other replicas whatever it meets.
    assertReadsBack(name);
    // The read path or the scrubber (a pass every 2 s) finds each damaged copy and puts it aside.
    Http.await("the flipped and the truncated copies quarantined", HEAL_BOUND,
        () -> Files.exists(quarantine.get(0)) && Files.exists(quarantine.get(1)));
    // Good copies replace all three, the deleted one included, each checked whole.
    awaitExactlyThreeEverywhere(HEAL_BOUND);
    for (int k = 0; k < 3; k++) {
      Path f = damaged.get(k);
      assertTrue(!Files.exists(f) || f.toFile().length() == blocks.get(k).length(), "a whole copy at " + f);
    }
    assertReadsBack(name);
  }

  private static int nodeIndex(String nodeId) {
    return Integer.parseInt(nodeId.substring("datanode-".length()));
  }

  private static void flipByte(Path f, long offset) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
      raf.seek(offset);
      int b = raf.read();
      raf.seek(offset);
      raf.write(b ^ 0x5a);
    }
  }

  private static void truncate(Path f, long length) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
      raf.setLength(length);
    }
  }

  @Test
  @Order(6)
  void killingOneOfFourNodesWith200MiBHealsAndItsReturnIsTrimmedToTheFactor() {
    put(file("big.bin", 200 * MIB, 6), "big.bin");
    awaitExactlyThreeEverywhere(HEAL_BOUND);
    long held = TestFiles.countBlockFiles(cluster.dataDir(2));
    long bytesHeld = bytesOfBlocks(cluster.dataDir(2));
    cluster.server(node(2)).kill9();
    long killedAt = System.nanoTime();
    Http.await("datanode-2 evicted", Duration.ofSeconds(10), () -> "dead".equals(nodeState(node(2))));
    long evictedAt = System.nanoTime();
    awaitHealed(BIG_HEAL_BOUND);
    long healedAt = System.nanoTime();
    System.out.printf("rereplication_detection %.1f s%n", (evictedAt - killedAt) / 1e9);
    System.out.printf("rereplication_time_to_heal %.1f s%n", (healedAt - killedAt) / 1e9);
    System.out.printf("rereplication_blocks %d blocks%n", held);
    System.out.printf("rereplication_bytes %.1f MB%n", bytesHeld / 1e6);
    System.out.printf("rereplication_rate %.1f MB/s%n", bytesHeld / 1e6 / ((healedAt - evictedAt) / 1e9));
    assertEverythingReadsBack();
    restartClean(2);
    awaitExactlyThreeEverywhere(BIG_HEAL_BOUND);
  }

  private static long bytesOfBlocks(Path dataDir) {
    try (Stream<Path> s = Files.walk(dataDir.resolve("blocks"))) {
      return s.filter(p -> p.toString().endsWith(".blk")).mapToLong(p -> p.toFile().length()).sum();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  @Order(7)
  void metaKilledDuringAStreamOfPutsKeepsEveryAcknowledgedFile() throws Exception {
    Path local = file("stream.bin", 300 * 1024, 7);
    String sha = TestFiles.sha256(local);
    List<String> acknowledged = new ArrayList<>();
    AtomicBoolean stop = new AtomicBoolean();
    CompletableFuture<Void> stream = CompletableFuture.runAsync(() -> {
      for (int i = 0; !stop.get() && i < 500; i++) {
        String name = "stream/" + i;
        try {
          alice.put(local, name);
          synchronized (acknowledged) {
            acknowledged.add(name);
          }
        } catch (RuntimeException e) {
          // Meta is down or restarting: this PUT was not acknowledged, which is allowed.
          sleepQuietly(100);
        }
      }
    });
    try {
      Http.await("some PUTs acknowledged", Duration.ofSeconds(60), () -> count(acknowledged) >= 5);
      cluster.server("meta").kill9();
      int beforeRestart = count(acknowledged);
      cluster.restart("meta");
      Http.await("PUTs acknowledged after meta's restart", Duration.ofSeconds(60),
          () -> count(acknowledged) >= beforeRestart + 5);
    } finally {
      stop.set(true);
      stream.get(60, TimeUnit.SECONDS);
    }
    Set<String> listed = new HashSet<>();
    alice.list().forEach(f -> listed.add(f.name()));
    for (String name : List.copyOf(acknowledged)) {
      assertTrue(listed.contains(name), name + " was acknowledged and must be listed");
      committed.put(name, sha);
    }
    assertEverythingReadsBack();
  }

  /** Restarts meta with a fault point armed and waits until the data nodes are back. */
  private static void armMeta(String faultPoint) {
    cluster.server("meta").stop();
    cluster.restart("meta", List.of("-Ddfs.faults=" + faultPoint));
    awaitAllLive();
  }

  private static void awaitAllLive() {
    Http.await("every data node live", Duration.ofSeconds(30), () -> {
      for (int i = 1; i <= cluster.dataNodes(); i++) {
        if (!"live".equals(nodeState(node(i)))) {
          return false;
        }
      }
      return true;
    });
  }

  private static void assertMetaDiedAtFaultPoint() {
    assertTrue(cluster.server("meta").awaitExit(Duration.ofSeconds(30)), "meta hit its fault point");
    cluster.restart("meta");
    awaitAllLive();
  }

  @Test
  @Order(8)
  void metaKilledBeforeTheCommitIsLoggedLeavesNoFile() {
    armMeta("meta.commit.beforeLog");
    Path local = file("never.bin", 3 * MIB, 8);
    assertThrows(RuntimeException.class, () -> alice.put(local, "never.bin"));
    assertMetaDiedAtFaultPoint();
    assertTrue(alice.list().stream().noneMatch(f -> f.name().equals("never.bin")), "the file does not exist");
    assertEverythingReadsBack();
  }

  @Test
  @Order(9)
  void metaKilledAfterTheCommitIsLoggedKeepsTheFileAndARetriedCommitIsIdempotent() {
    armMeta("meta.commit.afterLog");
    Path local = file("logged.bin", 3 * MIB, 9);
    assertThrows(RuntimeException.class, () -> alice.put(local, "logged.bin"));
    assertMetaDiedAtFaultPoint();
    committed.put("logged.bin", TestFiles.sha256(local));
    FileInfo info = alice.stat("logged.bin");
    assertReadsBack("logged.bin");
    JsonArray blocks = new JsonArray();
    for (FileInfo.FileBlock b : info.blocks()) {
      blocks.add(new JsonObject().put("blockId", b.id()).put("length", b.length()).put("crc32c", b.crc32c()));
    }
    JsonObject again = Http.postJson(cluster.metaUrl() + "/v1/files/" + info.id() + "/commit", alice.token,
        new JsonObject().put("blocks", blocks).encode());
    assertEquals(200, again.getInteger("_status"), again::encode);
    assertEquals(info.id(), again.getString("id"));
    assertEquals(1, alice.list().stream().filter(f -> f.name().equals("logged.bin")).count(), "one version");
  }

  private static int count(List<String> list) {
    synchronized (list) {
      return list.size();
    }
  }

  private static void sleepQuietly(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
