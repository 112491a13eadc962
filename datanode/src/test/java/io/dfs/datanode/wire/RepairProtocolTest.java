package io.dfs.datanode.wire;

import static io.dfs.common.wire.BlockProtocol.*;
import static io.dfs.datanode.testsupport.TestBytes.*;
import static org.junit.jupiter.api.Assertions.*;

import io.dfs.common.security.BlockOp;
import io.dfs.common.error.DfsException;
import io.dfs.common.error.ErrorCode;
import io.dfs.common.error.NodeFailure;
import io.dfs.common.ids.BlockIds;
import io.dfs.common.wire.Frame;
import io.dfs.common.wire.FrameCodec;
import io.dfs.datanode.DatanodeServer;
import io.dfs.datanode.testsupport.Await;
import io.dfs.datanode.testsupport.FakeMeta;
import io.dfs.datanode.testsupport.TestAuth;
import io.dfs.datanode.testsupport.TestNodes;
import io.dfs.datanode.testsupport.WireClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What data nodes do for a self-healing cluster, on three real nodes joined to a recording meta:
 * copying a block peer to peer on meta's REPLICATE, refusing to spread a rotten replica, refusing
 * writes that do not fit, and finding damaged replicas in the background. dn-3 may hold only
 * {@link #SMALL_CAPACITY} bytes; every node scrubs all its blocks every second.
 */
class RepairProtocolTest {
  static final long SMALL_CAPACITY = 300_000;
  static final Duration PATIENCE = Duration.ofSeconds(15);
  @TempDir static Path dir;
  static Vertx vertx;
  static TestAuth auth;
  static FakeMeta meta;
  static final List<DatanodeServer> nodes = new ArrayList<>();
  static String user;
  static String metaToken;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    auth = new TestAuth(vertx);
    meta = new FakeMeta(vertx, auth);
    meta.admit();
    user = auth.token("alice", "user");
    metaToken = auth.token("meta", "meta");
    for (int i = 1; i <= 3; i++) {
      JsonObject extra = new JsonObject().put("scrubInterval", "1s").put("peerTimeout", "3s");
      if (i == 3) {
        extra.put("capacityBytes", SMALL_CAPACITY);
      }
      nodes.add(DatanodeServer.start(vertx, TestNodes.config(dir.resolve("dn" + i), "dn-" + i, auth.url(), meta.url(),
          extra)).await());
    }
  }

  @AfterAll
  static void stop() {
    for (DatanodeServer n : nodes) {
      n.stop().await();
    }
    if (meta != null) {
      meta.close();
    }
    if (vertx != null) {
      vertx.close().await();
    }
  }

  static JsonObject peer(int i) {
    return new JsonObject().put("node", nodes.get(i).nodeId()).put("host", "127.0.0.1").put("port", nodes.get(i).port());
  }

  static JsonObject put(String id, byte[] data, JsonArray pipeline) {
    return new JsonObject().put("v", VERSION).put("blockId", id).put("length", data.length)
        .put("crc32c", crc(data)).put("auth", user).put("pipeline", pipeline)
        .put("blockToken", auth.blockToken("alice", BlockOp.WRITE, id));
  }

  static JsonObject replicate(String id, byte[] data, JsonArray targets) {
    return new JsonObject().put("v", VERSION).put("blockId", id).put("length", data.length)
        .put("crc32c", crc(data)).put("targets", targets).put("auth", metaToken)
        .put("blockToken", auth.blockToken("meta", BlockOp.REPLICATE, id));
  }

  /** Stores a block on node {@code i} alone. */
  static String store(int i, byte[] data) {
    String id = BlockIds.newId();
    try (WireClient c = new WireClient(vertx, nodes.get(i).port())) {
      c.header(TYPE_PUT_BLOCK, put(id, data, new JsonArray())).body(data);
      assertTrue(c.frame().is(TYPE_ACK));
    }
    return id;
  }

  static DfsException error(Frame f) {
    assertTrue(f.is(TYPE_ERROR), () -> "expected ERROR, got " + f + " " + f.payload());
    return FrameCodec.toException(f);
  }

  static long tempFiles(int i) {
    try (Stream<Path> s = Files.list(dir.resolve("dn" + (i + 1)).resolve("tmp"))) {
      return s.count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Set<String> reportedDeleted() {
    Set<String> out = new HashSet<>();
    for (FakeMeta.Call call : meta.reports()) {
      JsonArray deleted = call.body().getJsonArray("deleted", new JsonArray());
      deleted.forEach(id -> out.add((String) id));
    }
    return out;
  }

  @Test
  void replicateCopiesABlockPeerToPeerToEveryTarget() throws Exception {
    byte[] data = random(1_000_000, 1);
    String id = store(0, data);
    try (WireClient c = new WireClient(vertx, nodes.get(0).port())) {
      c.header(TYPE_REPLICATE, replicate(id, data, new JsonArray().add(peer(1))));
      assertEquals(new JsonArray().add("dn-2"), FrameCodec.header(c.frame()).getJsonArray("nodes"));
    }
    assertArrayEquals(data, Files.readAllBytes(nodes.get(1).store().blockFile(id)));

    byte[] small = random(50_000, 2);
    String smallId = store(0, small);
    try (WireClient c = new WireClient(vertx, nodes.get(0).port())) {
      c.header(TYPE_REPLICATE, replicate(smallId, small, new JsonArray().add(peer(1)).add(peer(2))));
      assertEquals(new JsonArray().add("dn-2").add("dn-3"), FrameCodec.header(c.frame()).getJsonArray("nodes"));
    }
    assertArrayEquals(small, Files.readAllBytes(nodes.get(1).store().blockFile(smallId)));
    assertArrayEquals(small, Files.readAllBytes(nodes.get(2).store().blockFile(smallId)));
    assertEquals(0, tempFiles(1));
    assertEquals(0, tempFiles(2));
    assertTrue(nodes.get(0).counters().copiesSent() >= 2);
  }

  @Test
  void replicateOfARottenReplicaSendsNothingAndQuarantinesIt() throws Exception {
    byte[] data = random(200_000, 3);
    String id = store(0, data);
    flip(nodes.get(0).store().blockFile(id), 150_000);
    try (WireClient c = new WireClient(vertx, nodes.get(0).port())) {
      c.header(TYPE_REPLICATE, replicate(id, data, new JsonArray().add(peer(1))));
      NodeFailure e = (NodeFailure) error(c.frame());
      assertEquals(ErrorCode.CORRUPT, e.code());
      assertEquals("dn-1", e.node(), "names the node whose copy is bad");

      // Unknown blocks and other content are refused before anything is sent.
      c.header(TYPE_REPLICATE, replicate(BlockIds.newId(), data, new JsonArray().add(peer(1))));
      assertEquals(ErrorCode.NOT_FOUND, error(c.frame()).code());
      byte[] other = random(1000, 4);
      String otherId = store(0, other);
      c.header(TYPE_REPLICATE, replicate(otherId, other, new JsonArray().add(peer(1))).put("crc32c", 5));
      assertEquals(ErrorCode.CONFLICT, error(c.frame()).code());
    }
    assertFalse(nodes.get(1).store().contains(id), "nothing of the rotten copy arrived");
    // The target drops its partial copy when the connection closes, which may be just after the answer.
    Await.until("the target's partial copy discarded", PATIENCE, () -> tempFiles(1) == 0);
    assertFalse(nodes.get(0).store().contains(id));
    Await.until("the quarantined replica reported gone", PATIENCE, () -> reportedDeleted().contains(id));
  }

  @Test
  void aWriteThatDoesNotFitIsRefusedNamingTheFullNodeAndFitsAgainAfterADelete() throws Exception {
    byte[] first = random(200_000, 5);
    byte[] second = random(200_000, 6);
    String firstId = store(2, first);
    try (WireClient c = new WireClient(vertx, nodes.get(2).port())) {
      c.header(TYPE_PUT_BLOCK, put(BlockIds.newId(), second, new JsonArray())).body(second);
      NodeFailure e = (NodeFailure) error(c.frame());
      assertEquals(ErrorCode.NO_SPACE, e.code());
      assertEquals("dn-3", e.node());
    }
    // Down a pipeline, the primary passes on which node was full.
    try (WireClient c = new WireClient(vertx, nodes.get(0).port())) {
      c.header(TYPE_PUT_BLOCK, put(BlockIds.newId(), second, new JsonArray().add(peer(2)))).body(second);
      NodeFailure e = (NodeFailure) error(c.frame());
      assertEquals(ErrorCode.NO_SPACE, e.code());
      assertEquals("dn-3", e.node());
    }
    assertEquals(0, tempFiles(2));
    assertEquals(0, tempFiles(0));
    try (WireClient c = new WireClient(vertx, nodes.get(2).port())) {
      c.header(TYPE_DELETE_BLOCKS, new JsonObject().put("blockIds", new JsonArray().add(firstId)).put("auth", metaToken)
          .put("blockToken", auth.blockToken("meta", BlockOp.DELETE, firstId)));
      assertTrue(c.frame().is(TYPE_ACK));
      c.header(TYPE_PUT_BLOCK, put(BlockIds.newId(), second, new JsonArray())).body(second);
      assertTrue(c.frame().is(TYPE_ACK), "fits once space is freed");
    }
  }

  @Test
  void theScrubberFindsFlippedTruncatedAndDeletedReplicasAndLeavesGoodOnesAlone() throws Exception {
    DatanodeServer dn = nodes.get(1);
    String good = store(1, random(150_000, 7));
    String flipped = store(1, random(150_000, 8));
    String truncated = store(1, random(150_000, 9));
    String deleted = store(1, random(150_000, 10));
    flip(dn.store().blockFile(flipped), 70_000);
    try (RandomAccessFile raf = new RandomAccessFile(dn.store().blockFile(truncated).toFile(), "rw")) {
      raf.setLength(1000);
    }
    Files.delete(dn.store().blockFile(deleted));
    Await.until("the scrubber found the three damaged replicas", PATIENCE,
        () -> !dn.store().contains(flipped) && !dn.store().contains(truncated) && !dn.store().contains(deleted));
    Await.until("and reported them gone", PATIENCE,
        () -> reportedDeleted().containsAll(List.of(flipped, truncated, deleted)));
    assertTrue(dn.store().contains(good));
    assertFalse(reportedDeleted().contains(good));
    assertTrue(Files.exists(dir.resolve("dn2").resolve("quarantine").resolve(flipped + ".blk")));
    assertTrue(dn.counters().corruptReplicasFound() >= 3);
  }

  private static void flip(Path file, long offset) throws Exception {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(offset);
      int b = raf.read();
      raf.seek(offset);
      raf.write(b ^ 0x40);
    }
  }
}
