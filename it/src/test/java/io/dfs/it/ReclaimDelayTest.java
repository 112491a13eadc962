package io.dfs.it;

import static org.junit.jupiter.api.Assertions.*;

import io.dfs.cli.client.FileInfo;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reader that looked a file up before it was replaced or deleted still reads it whole: the old
 * blocks stay on the data nodes for meta's {@code reclaimDelay}, and are deleted after it.
 */
class ReclaimDelayTest {
  private static final Duration RECLAIM_DELAY = Duration.ofSeconds(10);
  private static final Duration READER_LATENESS = Duration.ofSeconds(3);

  @TempDir static Path work;
  static MiniCluster cluster;
  static LibraryClient alice;

  @RegisterExtension
  static final MiniClusterDumpOnFailure DUMP = new MiniClusterDumpOnFailure(() -> cluster);

  @BeforeAll
  static void start() throws Exception {
    cluster = MiniCluster.start(Files.createDirectories(work.resolve("cluster")), 3,
        new JsonObject().put("reclaimDelay", RECLAIM_DELAY.toMillis() + "ms"));
    cluster.addUser("alice", "alice-pw");
    alice = new LibraryClient(cluster, "alice", "alice-pw");
  }

  @AfterAll
  static void stop() {
    Closing.all(alice, cluster);
  }

  @Test
  void aReadThatLookedUpBeforeAReplaceOrDeleteFinishesAndTheBlocksGoAfterTheDelay() {
    Path v1 = TestFiles.random(work, "v1.bin", 3 * 1024 * 1024 + 5, 1);
    Path v2 = TestFiles.random(work, "v2.bin", 1024 * 1024, 2);
    alice.put(v1, "doc.bin");
    Http.await("every block of v1 on three nodes", Duration.ofSeconds(10),
        () -> alice.stat("doc.bin").blocks().stream().allMatch(b -> cluster.copiesOnDisk(b.id()) == 3));
    FileInfo before = alice.stat("doc.bin");

    alice.put(v2, "doc.bin");
    // A reader that starts a few seconds late: meta's reclaimer has run passes meanwhile.
    sleep(READER_LATENESS);
    assertTrue(ids(before).stream().allMatch(id -> cluster.copiesOnDisk(id) == 3),
        "the replaced version is still on every node");
    Path old = work.resolve("old.back");
    alice.download(before, old);
    assertEquals(TestFiles.sha256(v1), TestFiles.sha256(old), "the replaced version reads whole");

    FileInfo current = alice.stat("doc.bin");
    alice.delete("doc.bin");
    sleep(READER_LATENESS);
    Path deleted = work.resolve("deleted.back");
    alice.download(current, deleted);
    assertEquals(TestFiles.sha256(v2), TestFiles.sha256(deleted), "the deleted file reads whole");

    List<String> all = new java.util.ArrayList<>(ids(before));
    all.addAll(ids(current));
    Http.await("every replica of both versions deleted", RECLAIM_DELAY.plusSeconds(30),
        () -> all.stream().allMatch(id -> cluster.copiesOnDisk(id) == 0));
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static List<String> ids(FileInfo file) {
    return file.blocks().stream().map(FileInfo.FileBlock::id).toList();
  }
}
