package io.dfs.it;

import static org.junit.jupiter.api.Assertions.*;

import io.dfs.cli.client.FileInfo;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data node that fills up during a PUT: datanode-4 may hold only 4 MiB ({@code capacityBytes};
 * the configured limit stands in for a small file system so the test runs the same on every
 * machine). The writes that do not fit there fail cleanly on that node, the client stores those
 * blocks on the others, meta stops placing blocks on the full node, and nothing half-written is
 * left behind.
 */
@ExtendWith(ProcessClusterDumpOnFailure.class)
class DiskFullProcessTest {
  private static final long MIB = 1024 * 1024;
  private static final long CAPACITY = 4 * MIB;

  @TempDir static Path work;
  static ProcessCluster cluster;
  static LibraryClient alice;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = ProcessCluster.start(Files.createDirectories(work.resolve("cluster")), 4,
        new JsonObject().put("heartbeatInterval", "1s"), new JsonObject());
    ProcessClusterDumpOnFailure.watch(cluster);
    cluster.reconfigure("datanode-4", new JsonObject().put("capacityBytes", CAPACITY));
    cluster.addUser("alice", "alice-pw");
    alice = new LibraryClient(cluster.authUrl(), cluster.metaUrl(), "alice", "alice-pw");
  }

  @AfterAll
  static void stopCluster() {
    Closing.all(alice, cluster);
  }

  @Test
  void aNodeThatFillsUpDuringAPutFailsItsWritesCleanlyAndThePutLandsElsewhere() throws Exception {
    // 16 blocks of 768 KiB; datanode-4 would get about 12 of them, three times its room.
    Path first = TestFiles.random(work, "first.bin", 12 * MIB, 1);
    alice.put(first, "first.bin");
    assertRoundTrip(first, "first.bin");
    assertEquals(0, count(cluster.dataDir(4).resolve("tmp")), "no half-written block left on the full node");
    long stored = bytesIn(cluster.dataDir(4).resolve("blocks"));
    assertTrue(stored <= CAPACITY, "stays within its capacity, holds " + stored);

    Http.await("meta sees datanode-4 as full", Duration.ofSeconds(10), () -> {
      for (Object o : cluster.clusterState().getJsonArray("nodes")) {
        JsonObject n = (JsonObject) o;
        if (n.getString("id").equals("datanode-4")) {
          return n.getLong("capacityBytes") - n.getLong("usedBytes") < 768 * 1024;
        }
      }
      return false;
    });
    Path second = TestFiles.random(work, "second.bin", 12 * MIB, 2);
    alice.put(second, "second.bin");
    for (FileInfo.FileBlock b : alice.stat("second.bin").blocks()) {
      assertTrue(b.replicas().stream().noneMatch(r -> r.node().equals("datanode-4")),
          "no new block is placed on the full node");
    }
    assertRoundTrip(second, "second.bin");
    assertEquals(200, Http.status(cluster.dataNodeHttpUrl(4) + "/health"), "the full node keeps serving");
  }

  private static void assertRoundTrip(Path local, String name) {
    Path back = work.resolve(name + ".back");
    alice.get(name, back);
    assertEquals(TestFiles.sha256(local), TestFiles.sha256(back));
  }

  private static long count(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.count();
    }
  }

  private static long bytesIn(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> p.toString().endsWith(".blk")).mapToLong(p -> p.toFile().length()).sum();
    }
  }
}
