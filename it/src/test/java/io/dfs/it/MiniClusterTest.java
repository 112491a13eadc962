package io.dfs.it;

import static org.junit.jupiter.api.Assertions.*;

import io.dfs.cli.client.FileInfo;
import io.dfs.common.error.DfsException;
import io.dfs.common.error.ErrorCode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The in-process cluster harness and the behaviour it is built to check. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MiniClusterTest {
  /** How long a probe waits for an answer from a server that should give none. */
  static final Duration PROBE = Duration.ofSeconds(1);
  @TempDir static Path work;
  static MiniCluster cluster;
  static LibraryClient alice;

  @RegisterExtension
  static final MiniClusterDumpOnFailure DUMP = new MiniClusterDumpOnFailure(() -> cluster);

  @BeforeAll
  static void start() throws Exception {
    cluster = MiniCluster.start(Files.createDirectories(work.resolve("cluster")), 3,
        new JsonObject().put("heartbeatInterval", "500ms"));
    cluster.addUser("alice", "alice-pw");
    alice = new LibraryClient(cluster, "alice", "alice-pw");
  }

  @AfterAll
  static void stop() {
    Closing.all(alice, cluster);
  }

  private static void assertDfsError(ErrorCode expected, Runnable action) {
    Throwable t = assertThrows(Throwable.class, action::run);
    assertInstanceOf(DfsException.class, t, () -> "expected a DfsException, got " + t);
    assertEquals(expected, ((DfsException) t).code(), t::getMessage);
  }

  @Test
  @Order(1)
  void storesEveryBlockOnThreeNodes() {
    Path local = TestFiles.random(work, "a.bin", 5 * 1024 * 1024 + 17, 1);
    String id = alice.put(local, "a.bin");
    assertFalse(alice.stat(id).blocks().isEmpty());
    // A commit needs minReplicas (2) reports; the third replica is stored before the client's ACK
    // but its report may trail the commit by a batch interval.
    Http.await("every block reported by three nodes", Duration.ofSeconds(10),
        () -> alice.stat(id).blocks().stream().allMatch(b -> distinctNodes(b) == 3));
    Path back = work.resolve("a.back");
    alice.get("a.bin", back);
    assertEquals(TestFiles.sha256(local), TestFiles.sha256(back));
  }

  private static int distinctNodes(FileInfo.FileBlock block) {
    Set<String> nodes = new HashSet<>();
    block.replicas().forEach(r -> nodes.add(r.node()));
    return nodes.size();
  }

  @Test
  @Order(2)
  void pendingFilesAreInvisible() {
    alice.createOnly("pending.bin", 1000);
    assertTrue(alice.list().stream().noneMatch(f -> f.name().equals("pending.bin")));
    assertDfsError(ErrorCode.NOT_FOUND, () -> alice.stat("pending.bin"));
  }

  @Test
  @Order(3)
  void readsFailOverWhenANodeIsKilledAndTheNodeComesBackOnItsPortsAndData() {
    Path local = TestFiles.random(work, "b.bin", 2 * 1024 * 1024, 2);
    String id = alice.put(local, "b.bin");
    int port = cluster.dataNode(2).port();
    cluster.kill("datanode-2");
    try {
      assertEquals(InProcessServer.State.DOWN, cluster.state("datanode-2"));
      assertNull(cluster.dataNode(2));
      Path back = work.resolve("b.back");
      alice.get("b.bin", back);
      assertEquals(TestFiles.sha256(local), TestFiles.sha256(back));
    } finally {
      cluster.restart("datanode-2");
    }
    assertEquals(InProcessServer.State.UP, cluster.state("datanode-2"));
    assertTrue(cluster.dataNode(2).joined());
    assertEquals(port, cluster.dataNode(2).port());
    // Three nodes and three replicas: every block has a copy on datanode-2, kept across the restart.
    for (FileInfo.FileBlock b : alice.stat(id).blocks()) {
      assertTrue(Files.exists(TestFiles.blockFile(cluster.dataDir(2), b.id())), b.id());
    }
  }

  @Test
  @Order(4)
  void aPausedNodeAnswersNothingIsMarkedDeadAndComesBackByRejoiningWhenResumed() {
    String readyUrl = "http://127.0.0.1:" + cluster.dataNode(3).httpPort() + "/ready";
    cluster.pause("datanode-3");
    try {
      assertEquals(InProcessServer.State.PAUSED, cluster.state("datanode-3"));
      assertEquals(-1, Http.status(readyUrl, PROBE), "a paused node answers nothing");
      Http.await("datanode-3 dead", Duration.ofSeconds(10), () -> state("datanode-3").equals("dead"));
    } finally {
      cluster.resume("datanode-3");
    }
    Http.await("datanode-3 live again", Duration.ofSeconds(15), () -> state("datanode-3").equals("live"));
    cluster.awaitReady("datanode-3");
  }

  private static String state(String node) {
    JsonArray nodes = cluster.clusterState().getJsonArray("nodes");
    for (int i = 0; i < nodes.size(); i++) {
      JsonObject n = nodes.getJsonObject(i);
      if (n.getString("id").equals(node)) {
        return n.getString("state");
      }
    }
    return "absent";
  }

  @Test
  @Order(5)
  void committedFilesSurviveAMetaRestart() {
    Path local = TestFiles.random(work, "c.bin", 700 * 1024, 3);
    String id = alice.put(local, "c.bin");
    cluster.restart(MiniCluster.META);
    for (int i = 1; i <= cluster.dataNodes(); i++) {
      int node = i;
      Http.await("datanode-" + node + " rejoined", Duration.ofSeconds(15), () -> state("datanode-" + node).equals("live"));
    }
    assertTrue(alice.list().stream().anyMatch(f -> f.id().equals(id)));
    Path back = work.resolve("c.back");
    alice.get(id, back);
    assertEquals(TestFiles.sha256(local), TestFiles.sha256(back));
  }

  @Test
  @Order(6)
  void loginsFailWhileAuthIsDownAndWorkAgainAfterItsRestart() {
    cluster.kill(MiniCluster.AUTH);
    try {
      assertEquals(InProcessServer.State.DOWN, cluster.state(MiniCluster.AUTH));
      assertThrows(IllegalStateException.class, () -> Http.login(cluster.authUrl(), "alice", "alice-pw"));
      // Meta checks tokens with the keys it already holds, so a session outlives auth's outage.
      assertFalse(alice.list().isEmpty());
    } finally {
      cluster.restart(MiniCluster.AUTH);
    }
    assertNotNull(Http.login(cluster.authUrl(), "alice", "alice-pw"));
  }

  @Test
  @Order(7)
  void aPausedMetaAnswersNothingAndServesWithItsStateWhenResumed() {
    Set<String> files = fileIds();
    cluster.pause(MiniCluster.META);
    try {
      assertEquals(InProcessServer.State.PAUSED, cluster.state(MiniCluster.META));
      assertEquals(-1, Http.status(cluster.metaUrl() + "/ready", PROBE), "a paused meta answers nothing");
    } finally {
      cluster.resume(MiniCluster.META);
    }
    cluster.awaitReady(MiniCluster.META);
    assertEquals(files, fileIds());
    // Meta may have taken the nodes for dead while it stood still; they come back by themselves.
    for (int i = 1; i <= cluster.dataNodes(); i++) {
      String node = cluster.nodeId(i);
      Http.await(node + " live after meta's pause", Duration.ofSeconds(15), () -> state(node).equals("live"));
    }
  }

  private static Set<String> fileIds() {
    Set<String> ids = new HashSet<>();
    alice.list().forEach(f -> ids.add(f.id()));
    return ids;
  }

  @Test
  @Order(8)
  void aFailureCarriesEachServersStateMetasViewAndTheirLatestLogLines() {
    AssertionError failure = new AssertionError("on purpose");
    cluster.pause("datanode-1");
    try {
      DUMP.report("a test", failure);
    } finally {
      cluster.resume("datanode-1");
    }
    assertEquals(1, failure.getSuppressed().length);
    assertInstanceOf(ClusterStateReport.class, failure.getSuppressed()[0]);
    String report = failure.getSuppressed()[0].getMessage();
    assertTrue(report.startsWith("a test failed"), report);
    assertTrue(report.contains("\nauth up http://127.0.0.1:"), report);
    assertTrue(report.contains("\nmeta up http://127.0.0.1:"), report);
    assertTrue(report.contains("\ndatanode-1 paused port="), report);
    assertTrue(report.contains("\ndatanode-2 up port="), report);
    assertTrue(report.contains("\"nodes\""), "meta's cluster state: " + report);
    assertTrue(report.contains("[meta/"), "meta's own log lines: " + report);
  }

  @Test
  @Order(9)
  void aClusterThatCannotStartCarriesItsStateAndLeavesNothingRunning() throws Exception {
    Path dir = Files.createDirectories(work.resolve("unstartable"));
    RuntimeException e = assertThrows(RuntimeException.class,
        () -> MiniCluster.start(dir, 1, new JsonObject().put("heartbeatInterval", "not a duration")));
    String report = Arrays.stream(e.getSuppressed()).filter(ClusterStateReport.class::isInstance).findFirst()
        .orElseThrow(() -> new AssertionError("no cluster state with the failure", e)).getMessage();
    assertTrue(report.contains("\nmeta down (never started)"), report);
    Matcher auth = Pattern.compile("\nauth up (\\S+)").matcher(report);
    assertTrue(auth.find(), report);
    assertEquals(-1, Http.status(auth.group(1) + "/health", PROBE), "auth was stopped");
  }

  /**
   * Clients and data nodes keep block connections between blocks: without that, every block of a
   * put opens three connections (client to primary and one per pipeline hop) and every block of a
   * get one, each with its own handshake. Counted by the data nodes' accepted connections; the
   * bytes still come back whole.
   */
  @Test
  @Order(10)
  void laterBlocksTravelOverConnectionsAlreadyOpen() {
    // Case 8 paused datanode-1: a put placed on two nodes would tell less.
    Http.await("every node live", Duration.ofSeconds(15),
        () -> IntStream.rangeClosed(1, cluster.dataNodes()).allMatch(i -> state("datanode-" + i).equals("live")));
    Path local = TestFiles.random(work, "warm.bin", 3 * 1024 * 1024, 3);
    // Placement differs from file to file, and with it how many connections each pair of nodes
    // needs at once; two puts open about as many as a third one needs.
    alice.put(local, "warm.bin");
    alice.put(local, "warm.bin");
    long before = accepted();
    String id = alice.put(local, "again.bin");
    int blocks = alice.stat(id).blocks().size();
    long duringPut = accepted() - before;
    assertTrue(blocks >= 8, () -> "a file of " + blocks + " blocks tells too little");
    // Without reuse: exactly 3 per block.
    assertTrue(duringPut <= blocks, () -> duringPut + " connections accepted for a put of " + blocks + " blocks");

    long beforeGet = accepted();
    Path back = work.resolve("again.back");
    FileInfo file = alice.get("again.bin", back);
    long duringGet = accepted() - beforeGet;
    assertEquals(TestFiles.sha256(local), TestFiles.sha256(back));
    assertTrue(duringGet <= file.blocks().size() / 2, () -> duringGet + " connections accepted for a get of "
        + file.blocks().size() + " blocks");
  }

  /** A node that was restarted under kept block connections is reached anew. */
  @Test
  @Order(11)
  void aRestartedNodeIsReachedOverNewConnections() {
    Path local = TestFiles.random(work, "before.bin", 2 * 1024 * 1024, 4);
    alice.put(local, "before.bin");
    // Every node holds a replica of every block, so the client and both other nodes keep
    // connections to this one.
    cluster.restart("datanode-2");
    String id = alice.put(local, "after.bin");
    Path back = work.resolve("after.back");
    alice.get(id, back);
    assertEquals(TestFiles.sha256(local), TestFiles.sha256(back));
  }

  private static long accepted() {
    return IntStream.rangeClosed(1, cluster.dataNodes())
        .mapToLong(i -> cluster.dataNode(i).counters().connectionsAccepted()).sum();
  }
}
