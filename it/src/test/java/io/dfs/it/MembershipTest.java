package io.dfs.it;

import static org.junit.jupiter.api.Assertions.*;

import io.dfs.cli.client.UploadPlan;
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
 * Eviction without flapping, on an in-process cluster with 1 s heartbeats (the default): a node whose
 * heartbeats stop for 1.5 intervals stays, one silent for 3 intervals is evicted exactly once,
 * the heartbeats it sends afterwards are refused, and it comes back only by joining again. Every
 * block needs three replicas to commit here, so a replica on a node evicted since the file was
 * planned decides the commit.
 */
class MembershipTest {
  static final long INTERVAL_MS = 1000;

  @TempDir static Path work;
  static MiniCluster cluster;
  static LibraryClient alice;

  @RegisterExtension
  static final MiniClusterDumpOnFailure DUMP = new MiniClusterDumpOnFailure(() -> cluster);

  @BeforeAll
  static void start() throws Exception {
    cluster = MiniCluster.start(Files.createDirectories(work.resolve("cluster")), 3,
        new JsonObject().put("heartbeatInterval", INTERVAL_MS + "ms").put("minReplicas", 3));
    cluster.addUser("alice", "alice-pw");
    alice = new LibraryClient(cluster, "alice", "alice-pw");
  }

  @AfterAll
  static void stop() {
    Closing.all(alice, cluster);
  }

  private static long metric(String series) {
    return Http.metric(cluster.metaUrl() + "/metrics", cluster.opsToken(), series);
  }

  private static String state(int i) {
    String id = cluster.nodeId(i);
    for (Object o : cluster.clusterState().getJsonArray("nodes")) {
      JsonObject n = (JsonObject) o;
      if (n.getString("id").equals(id)) {
        return n.getString("state");
      }
    }
    return "unknown";
  }

  @Test
  void shortPausesAreToleratedLongOnesEvictOnceAndTheNodeReturnsOnlyByRejoining() throws Exception {
    long evictions = metric("dfs_meta_evictions_total");
    long rejoins = metric("dfs_meta_rejoins_sent_total");

    cluster.pause(cluster.nodeId(1));
    Thread.sleep(INTERVAL_MS * 3 / 2);
    cluster.resume(cluster.nodeId(1));
    Thread.sleep(INTERVAL_MS * 3);
    assertEquals("live", state(1));
    assertEquals(evictions, metric("dfs_meta_evictions_total"), "1.5 intervals of silence evict nobody");
    assertEquals(rejoins, metric("dfs_meta_rejoins_sent_total"));

    cluster.pause(cluster.nodeId(1));
    Http.await("node 1 evicted", Duration.ofSeconds(5), () -> "dead".equals(state(1)));
    Thread.sleep(INTERVAL_MS * 3);
    assertEquals(evictions + 1, metric("dfs_meta_evictions_total"), "evicted exactly once");
    cluster.resume(cluster.nodeId(1));
    // Its next heartbeat is refused and answered with REJOIN; the node joins again.
    Http.await("REJOIN sent", Duration.ofSeconds(5), () -> metric("dfs_meta_rejoins_sent_total") > rejoins);
    Http.await("node 1 live again", Duration.ofSeconds(10), () -> "live".equals(state(1)));
    Thread.sleep(INTERVAL_MS * 3);
    assertEquals(evictions + 1, metric("dfs_meta_evictions_total"), "no flapping after the return");
    assertEquals("live", state(1));
  }

  @Test
  void aCommitIsRefusedWhenAReplicaIsOnANodeEvictedSinceThePlanAndARetrySucceeds() throws Exception {
    Path local = TestFiles.random(work, "late.bin", 2 * 1024 * 1024, 7);
    UploadPlan plan = alice.meta.create("late.bin", Files.size(local), null).await();
    cluster.pause(cluster.nodeId(2));
    Http.await("node 2 evicted", Duration.ofSeconds(10), () -> "dead".equals(state(2)));
    cluster.resume(cluster.nodeId(2));
    Http.await("node 2 live again", Duration.ofSeconds(10), () -> "live".equals(state(2)));
    // The late writes reach all three nodes; node 2's copies were made after meta gave up on it.
    alice.storeBlocks(plan, local);
    JsonObject refused = Http.postJson(cluster.metaUrl() + "/v1/files/" + plan.fileId() + "/commit", alice.token,
        LibraryClient.commitBody(plan, local).encode());
    assertEquals(409, refused.getInteger("_status"), refused::encode);
    assertTrue(alice.list().stream().noneMatch(f -> f.name().equals("late.bin")));

    alice.put(local, "late.bin");
    Path back = work.resolve("late.back");
    alice.get("late.bin", back);
    assertEquals(TestFiles.sha256(local), TestFiles.sha256(back));
  }
}
