package io.dfs.it;

import static org.junit.jupiter.api.Assertions.*;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Meta's reclaimer keeps its connections to the data nodes between deletes, as clients and
 * pipelines keep theirs: a file replaced again and again costs each node one connection from meta,
 * not one (and a TLS handshake) per delete.
 */
class ReclaimConnectionsTest {
  private static final int WARM_UP_REPLACES = 6;
  private static final int REPLACES = 12;

  @TempDir static Path work;
  static MiniCluster cluster;
  static LibraryClient alice;

  @RegisterExtension
  static final MiniClusterDumpOnFailure DUMP = new MiniClusterDumpOnFailure(() -> cluster);

  @BeforeAll
  static void start() throws Exception {
    cluster = MiniCluster.start(Files.createDirectories(work.resolve("cluster")), 3, new JsonObject());
    cluster.addUser("alice", "alice-pw");
    alice = new LibraryClient(cluster, "alice", "alice-pw");
  }

  @AfterAll
  static void stop() {
    Closing.all(alice, cluster);
  }

  @Test
  void deletesOfReplacedBlocksReuseOneConnectionPerNode() {
    alice.put(TestFiles.random(work, "v0.bin", 64 * 1024, 0), "doc.bin");
    // Unmeasured rounds first, so that the client's and the pipelines' own kept connections exist.
    for (int i = 1; i <= WARM_UP_REPLACES; i++) {
      replace(i);
    }
    long[] before = accepted();
    for (int i = 1; i <= REPLACES; i++) {
      replace(WARM_UP_REPLACES + i);
    }
    long[] after = accepted();
    for (int i = 0; i < before.length; i++) {
      long opened = after[i] - before[i];
      assertTrue(opened <= 3, "data node " + (i + 1) + " accepted " + opened + " connections over "
          + REPLACES + " replaces, each with a delete from meta");
    }
  }

  /** Replaces the file, and waits until its former block is gone from every node. */
  private static void replace(int version) {
    String old = alice.stat("doc.bin").blocks().get(0).id();
    alice.put(TestFiles.random(work, "v" + version + ".bin", 64 * 1024, version), "doc.bin");
    // Each round's delete is its own request to every node: the next replace waits for it.
    Http.await("replaced block " + old + " deleted on every node", Duration.ofSeconds(10),
        () -> cluster.copiesOnDisk(old) == 0);
  }

  private static long[] accepted() {
    long[] counts = new long[cluster.dataNodes()];
    for (int i = 1; i <= counts.length; i++) {
      counts[i - 1] = cluster.dataNode(i).counters().connectionsAccepted();
    }
    return counts;
  }
}
