package io.dfs.it;

import static org.junit.jupiter.api.Assertions.*;

import io.dfs.cli.client.UploadPlan;
import io.vertx.core.json.JsonArray;
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
 * Files created and never committed expire ({@code pendingExpiry}, 6 s here: long enough to store the file on a busy machine), also across a
 * restart of meta, and their blocks are deleted on every node that stored them.
 */
class ExpiryTest {
  private static final long MIB = 1024 * 1024;

  @TempDir static Path work;
  static MiniCluster cluster;
  static LibraryClient alice;

  @RegisterExtension
  static final MiniClusterDumpOnFailure DUMP = new MiniClusterDumpOnFailure(() -> cluster);

  @BeforeAll
  static void start() throws Exception {
    cluster = MiniCluster.start(Files.createDirectories(work.resolve("cluster")), 3,
        new JsonObject().put("heartbeatInterval", "500ms").put("pendingExpiry", "6s"));
    cluster.addUser("alice", "alice-pw");
    alice = new LibraryClient(cluster, "alice", "alice-pw");
  }

  @AfterAll
  static void stop() {
    Closing.all(alice, cluster);
  }

  @Test
  void anUncommittedFileExpiresAcrossAMetaRestartAndItsBlocksAreDeletedOnTheNodes() throws Exception {
    Path local = TestFiles.random(work, "orphan.bin", MIB, 1);
    UploadPlan plan = alice.storeWithoutCommit(local, "orphan.bin");
    assertFalse(plan.blocks().isEmpty());
    for (UploadPlan.PlannedBlock b : plan.blocks()) {
      assertEquals(3, cluster.copiesOnDisk(b.blockId()), "stored on its pipeline");
    }
    cluster.restart(MiniCluster.META);
    Http.await("the orphan's blocks deleted on every node", Duration.ofSeconds(30),
        () -> plan.blocks().stream().allMatch(b -> cluster.copiesOnDisk(b.blockId()) == 0));
    JsonArray blocks = new JsonArray();
    plan.blocks().forEach(b -> blocks.add(new JsonObject().put("blockId", b.blockId()).put("length", b.length())
        .put("crc32c", 0)));
    JsonObject late = Http.postJson(cluster.metaUrl() + "/v1/files/" + plan.fileId() + "/commit", alice.token,
        new JsonObject().put("blocks", blocks).encode());
    assertEquals(404, late.getInteger("_status"), "an expired file cannot be committed: " + late.encode());
    assertTrue(alice.list().stream().noneMatch(f -> f.name().equals("orphan.bin")));
  }
}
