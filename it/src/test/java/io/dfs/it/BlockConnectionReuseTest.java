package io.dfs.it;

import static org.junit.jupiter.api.Assertions.*;

import io.dfs.cli.client.FileInfo;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients and data nodes keep block connections between blocks: without that, every block of a put
 * opens three connections (client to primary and one per pipeline hop) and every block of a get
 * one, each with its own handshake. Counted by the data nodes' accepted connections; the bytes
 * still come back whole, and a node that was restarted under kept connections is reached anew.
 */
class BlockConnectionReuseTest {
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

  @Test
  void laterBlocksTravelOverConnectionsAlreadyOpen() {
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

  @Test
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
