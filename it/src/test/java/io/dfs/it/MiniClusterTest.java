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
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;

/** The in-process cluster harness and the behaviour it is built to check. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MiniClusterTest {
  @TempDir static Path work;
  static MiniCluster cluster;
  static LibraryClient alice;

  @RegisterExtension
  static final TestWatcher DUMP = new TestWatcher() {
    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
      if (cluster != null) {
        System.err.println(cluster.dump());
      }
    }
  };

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
  void readsFailOverWhenANodeIsKilled() {
    Path local = TestFiles.random(work, "b.bin", 2 * 1024 * 1024, 2);
    alice.put(local, "b.bin");
    cluster.killDataNode(2);
    try {
      Path back = work.resolve("b.back");
      alice.get("b.bin", back);
      assertEquals(TestFiles.sha256(local), TestFiles.sha256(back));
    } finally {
      cluster.restartDataNode(2);
    }
  }

  @Test
  @Order(4)
  void aNodeWhoseHeartbeatsStopIsMarkedDeadAndComesBackByRejoining() {
    cluster.pauseDataNode(3, true);
    try {
      Http.await("datanode-3 dead", Duration.ofSeconds(10), () -> state("datanode-3").equals("dead"));
    } finally {
      cluster.pauseDataNode(3, false);
    }
    Http.await("datanode-3 live again", Duration.ofSeconds(15), () -> state("datanode-3").equals("live"));
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
    cluster.restartMeta();
    for (int i = 1; i <= cluster.dataNodes(); i++) {
      int node = i;
      Http.await("datanode-" + node + " rejoined", Duration.ofSeconds(15), () -> state("datanode-" + node).equals("live"));
    }
    assertTrue(alice.list().stream().anyMatch(f -> f.id().equals(id)));
    Path back = work.resolve("c.back");
    alice.get(id, back);
    assertEquals(TestFiles.sha256(local), TestFiles.sha256(back));
  }
}
