package io.dfs.datanode.wire;

import static io.dfs.common.wire.BlockProtocol.*;
import static io.dfs.datanode.testsupport.TestBytes.*;
import static org.junit.jupiter.api.Assertions.*;

import io.dfs.common.error.ErrorCode;
import io.dfs.common.error.NodeFailure;
import io.dfs.common.ids.BlockIds;
import io.dfs.common.security.BlockOp;
import io.dfs.common.security.Principal;
import io.dfs.common.wire.Crc32c;
import io.dfs.common.wire.Frame;
import io.dfs.common.wire.FrameCodec;
import io.dfs.common.wire.FrameReader;
import io.dfs.datanode.DatanodeServer;
import io.dfs.datanode.testsupport.Await;
import io.dfs.datanode.testsupport.TestAuth;
import io.dfs.datanode.testsupport.TestNodes;
import io.dfs.datanode.testsupport.WireClient;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real data nodes in this JVM with no meta (they keep trying to join, which does not stop
 * them serving) and a real HTTP server standing in for auth (JWKS and login) and for meta's
 * block-token keys.
 */
class BlockProtocolTest {
  static final int MAX_BLOCK = 16 * 1024 * 1024;
  /** The node (by index) whose blocks go through the page cache; the others use O_DIRECT where the disk allows. */
  static final int PAGE_CACHE_NODE = 2;
  @TempDir static Path dir;
  static Vertx vertx;
  static TestAuth auth;
  static final List<DatanodeServer> nodes = new ArrayList<>();
  static String user;
  static String meta;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    auth = new TestAuth(vertx);
    user = auth.token("alice", "user");
    meta = auth.token("meta", "meta");
    for (int i = 1; i <= 3; i++) {
      // The stand-in auth also publishes the block-token keys, as meta does; it answers no JOIN, so
      // joining fails and is retried in the background. The third node keeps its blocks in the page
      // cache, so that reads are tested both ways: framed from O_DIRECT reads, and by sendfile.
      nodes.add(DatanodeServer.start(vertx, TestNodes.config(dir.resolve("dn" + i), "dn-" + i, auth.url(),
          auth.url(), new JsonObject().put("maxBlockBytes", MAX_BLOCK).put("directIo", i != PAGE_CACHE_NODE + 1)))
          .await());
    }
    assertEquals(0, nodes.get(PAGE_CACHE_NODE).store().directAlignment());
    // The tests' temp directory is on the machine's disk, which takes O_DIRECT; without it the
    // O_DIRECT paths would go untested.
    assertTrue(nodes.get(0).store().directAlignment() > 0 && nodes.get(1).store().directAlignment() > 0,
        "the data directories' file system refuses O_DIRECT");
  }

  @AfterAll
  static void stop() {
    for (DatanodeServer n : nodes) {
      n.stop().await();
    }
    if (vertx != null) {
      vertx.close().await();
    }
  }

  static JsonObject peer(int i) {
    return new JsonObject().put("node", nodes.get(i).nodeId()).put("host", "127.0.0.1").put("port", nodes.get(i).port());
  }

  static JsonObject put(String id, byte[] data, String token, JsonArray pipeline) {
    return new JsonObject().put("v", VERSION).put("blockId", id).put("length", data.length)
        .put("crc32c", crc(data)).put("auth", token).put("blockToken", auth.blockToken("alice", BlockOp.WRITE, id))
        .put("pipeline", pipeline);
  }

  static JsonObject get(String id, String token) {
    return new JsonObject().put("v", VERSION).put("blockId", id).put("auth", token)
        .put("blockToken", auth.blockToken("alice", BlockOp.READ, id));
  }

  static void assertError(Frame f, ErrorCode code) {
    assertTrue(f.is(TYPE_ERROR), () -> "expected ERROR " + code.wireName() + ", got " + f + " " + f.payload());
    assertEquals(code, FrameCodec.toException(f).code(), () -> FrameCodec.toException(f).getMessage());
  }

  static JsonObject assertAck(Frame f) {
    assertTrue(f.is(TYPE_ACK), () -> "expected ACK, got " + f + " " + f.payload());
    return FrameCodec.header(f);
  }

  static long tempFiles(int node) throws Exception {
    try (Stream<Path> s = Files.list(dir.resolve("dn" + (node + 1)).resolve("tmp"))) {
      return s.count();
    }
  }

  /** Proves a node still serves: a fresh connection stores and reads back a small block. */
  static void assertStillServes(int node) {
    byte[] data = random(100, 42);
    String id = BlockIds.newId();
    try (WireClient c = new WireClient(vertx, nodes.get(node).port())) {
      c.header(TYPE_PUT_BLOCK, put(id, data, user, new JsonArray())).body(data);
      assertAck(c.frame());
      c.header(TYPE_GET_BLOCK, get(id, user));
      assertAck(c.frame());
      assertArrayEquals(data, c.readBody().getBytes());
    }
  }

  /** Reads a block whose replica is bad: the DATA sent before the ERROR corrupt that must end it. */
  static Buffer readUpToCorrupt(int node, String id) {
    try (WireClient c = new WireClient(vertx, nodes.get(node).port())) {
      c.header(TYPE_GET_BLOCK, get(id, user));
      assertAck(c.frame());
      Buffer good = Buffer.buffer();
      Frame f;
      while ((f = c.frame()).is(TYPE_DATA)) {
        good.appendBuffer(FrameCodec.dataBytes(f));
      }
      assertError(f, ErrorCode.CORRUPT);
      return good;
    }
  }

  @Test
  void chainStoresIdenticalReplicasOnEveryNodeAndServesRanges() throws Exception {
    for (int size : new int[] {1, 64 * 1024 + 1, 10 * 1024 * 1024}) {
      byte[] data = random(size, size);
      String id = BlockIds.newId();
      try (WireClient c = new WireClient(vertx, nodes.get(0).port())) {
        c.header(TYPE_PUT_BLOCK, put(id, data, user, new JsonArray().add(peer(1)).add(peer(2)))).body(data);
        JsonObject ack = assertAck(c.frame());
        assertEquals(new JsonObject().put("blockId", id).put("length", size).put("crc32c", crc(data))
            .put("nodes", new JsonArray().add("dn-1").add("dn-2").add("dn-3")), ack);
      }
      Path first = nodes.get(0).store().blockFile(id);
      for (DatanodeServer n : nodes) {
        Path file = n.store().blockFile(id);
        assertArrayEquals(data, Files.readAllBytes(file), "replica on " + n.nodeId());
        assertEquals(Files.readString(first.resolveSibling(id + ".meta")), Files.readString(file.resolveSibling(id + ".meta")));
      }
      for (int node : new int[] {0, PAGE_CACHE_NODE}) {
        assertServesRanges(node, id, data);
      }
    }
  }

  private static void assertServesRanges(int node, String id, byte[] data) {
    int size = data.length;
    String where = " from dn-" + (node + 1);
    try (WireClient c = new WireClient(vertx, nodes.get(node).port())) {
      c.header(TYPE_GET_BLOCK, get(id, user));
      assertEquals(new JsonObject().put("blockId", id).put("offset", 0).put("length", size).put("crc32c", crc(data)),
          assertAck(c.frame()));
      assertArrayEquals(data, c.readBody().getBytes(), "whole block of " + size + where);

      int from = size / 3;
      int len = Math.max(1, size / 2 - from);
      c.header(TYPE_GET_BLOCK, get(id, user).put("offset", from).put("length", len));
      assertEquals(len, assertAck(c.frame()).getInteger("length"));
      assertArrayEquals(Buffer.buffer(data).getBytes(from, from + len), c.readBody().getBytes(), "range of " + size + where);

      c.header(TYPE_GET_BLOCK, get(id, user).put("offset", size - 1));
      assertEquals(1, assertAck(c.frame()).getInteger("length"), "no length reads to the end");
      assertArrayEquals(new byte[] {data[size - 1]}, c.readBody().getBytes(), "last byte" + where);
    }
  }

  @Test
  void corruptReplicaIsNeverServed() throws Exception {
    for (int node : new int[] {1, PAGE_CACHE_NODE}) {
      corruptReplicaIsNeverServedBy(node);
    }
  }

  private static void corruptReplicaIsNeverServedBy(int node) throws Exception {
    byte[] data = random(1_300_000, 7);
    String id = BlockIds.newId();
    try (WireClient c = new WireClient(vertx, nodes.get(node).port())) {
      c.header(TYPE_PUT_BLOCK, put(id, data, user, new JsonArray())).body(data);
      assertAck(c.frame());
    }
    Path file = nodes.get(node).store().blockFile(id);
    byte[] onDisk = Files.readAllBytes(file);
    onDisk[150_000] ^= 1;
    Files.write(file, onDisk);
    assertArrayEquals(Buffer.buffer(data).getBytes(0, 131_072), readUpToCorrupt(node, id).getBytes(),
        "only the chunks before the bad one were sent");
    // The rotten replica is out of service at once, kept aside for an operator.
    Path quarantined = dir.resolve("dn" + (node + 1)).resolve("quarantine").resolve(id + ".blk");
    Await.until("the replica is quarantined", java.time.Duration.ofSeconds(10),
        () -> !nodes.get(node).store().contains(id) && Files.exists(quarantined) && !Files.exists(file));
    assertArrayEquals(onDisk, Files.readAllBytes(quarantined));
    assertFalse(Files.exists(file));
    try (WireClient c = new WireClient(vertx, nodes.get(node).port())) {
      c.header(TYPE_GET_BLOCK, get(id, user).put("offset", 0).put("length", 1000));
      assertError(c.frame(), ErrorCode.NOT_FOUND);
    }
    assertStillServes(node);
  }

  /** A replica cut short off a 4 KiB unit: an O_DIRECT read must stop at its end, not read on from there. */
  @Test
  void aTruncatedReplicaIsServedUpToItsLastGoodChunk() throws Exception {
    for (int node : new int[] {1, PAGE_CACHE_NODE}) {
      byte[] data = random(1_300_000, 11);
      String id = BlockIds.newId();
      try (WireClient c = new WireClient(vertx, nodes.get(node).port())) {
        c.header(TYPE_PUT_BLOCK, put(id, data, user, new JsonArray())).body(data);
        assertAck(c.frame());
      }
      try (FileChannel ch = FileChannel.open(nodes.get(node).store().blockFile(id), StandardOpenOption.WRITE)) {
        ch.truncate(1_200_001);
      }
      // The first 1 MiB batch goes out whole; the second stops after the last whole chunk.
      assertArrayEquals(Buffer.buffer(data).getBytes(0, 18 * 65_536), readUpToCorrupt(node, id).getBytes(),
          "the whole chunks before the cut");
      assertStillServes(node);
    }
  }

  @Test
  void retriedPutIsIdempotentAndDifferentBytesConflict() throws Exception {
    byte[] data = random(5000, 8);
    String id = BlockIds.newId();
    try (WireClient c = new WireClient(vertx, nodes.get(0).port())) {
      c.header(TYPE_PUT_BLOCK, put(id, data, user, new JsonArray().add(peer(1)))).body(data);
      assertEquals(new JsonArray().add("dn-1").add("dn-2"), assertAck(c.frame()).getJsonArray("nodes"));
      // A retry on a node that has the block is not written again but still goes down its pipeline,
      // so a client retrying on the rest of a failed pipeline ends with every node holding it.
      c.header(TYPE_PUT_BLOCK, put(id, data, user, new JsonArray().add(peer(2)))).body(data);
      assertEquals(new JsonArray().add("dn-1").add("dn-3"), assertAck(c.frame()).getJsonArray("nodes"));
      assertTrue(nodes.get(2).store().contains(id));

      byte[] other = random(5000, 9);
      c.header(TYPE_PUT_BLOCK, put(id, other, user, new JsonArray())).body(other);
      assertError(c.frame(), ErrorCode.CONFLICT);
      c.header(TYPE_PUT_BLOCK, put(id, data, user, new JsonArray()).put("length", 4999)).body(Buffer.buffer(data).getBytes(0, 4999));
      assertError(c.frame(), ErrorCode.CONFLICT);
      // The connection still serves after the refusals.
      c.header(TYPE_GET_BLOCK, get(id, user));
      assertAck(c.frame());
      assertArrayEquals(data, c.readBody().getBytes());
    }
    assertArrayEquals(data, Files.readAllBytes(nodes.get(0).store().blockFile(id)));
    assertEquals(0, tempFiles(0));
  }

  @Test
  void badRequestsGetAnErrorAndChangeNothing() throws Exception {
    byte[] data = random(1000, 10);
    int before = nodes.get(0).store().blockCount();
    JsonArray none = new JsonArray();
    try (WireClient c = new WireClient(vertx, nodes.get(0).port())) {
      // Each bad PUT is answered and its frames dropped; the same connection keeps serving.
      c.header(TYPE_PUT_BLOCK, put(BlockIds.newId(), data, null, none)).body(data);
      assertError(c.frame(), ErrorCode.UNAUTHORIZED);
      c.header(TYPE_PUT_BLOCK, put(BlockIds.newId(), data, "garbage", none)).body(data);
      assertError(c.frame(), ErrorCode.UNAUTHORIZED);
      c.header(TYPE_PUT_BLOCK, put(BlockIds.newId(), data, auth.expiredToken("alice", "user"), none)).body(data);
      assertError(c.frame(), ErrorCode.UNAUTHORIZED);
      c.header(TYPE_PUT_BLOCK, put(BlockIds.newId(), data, meta, none)).body(data);
      assertError(c.frame(), ErrorCode.FORBIDDEN);
      for (String bad : new String[] {"../x", "1-1-1-1-1", BlockIds.newId().toUpperCase(), "/etc/passwd"}) {
        c.header(TYPE_PUT_BLOCK, put(bad, data, user, none)).body(data);
        assertError(c.frame(), ErrorCode.INVALID_BLOCK_ID);
        c.header(TYPE_GET_BLOCK, get(bad, user));
        assertError(c.frame(), ErrorCode.INVALID_BLOCK_ID);
      }
      c.header(TYPE_PUT_BLOCK, put(BlockIds.newId(), data, user, none).put("length", MAX_BLOCK + 1L)).body(data);
      assertError(c.frame(), ErrorCode.TOO_LARGE);
      c.header(TYPE_PUT_BLOCK, put(BlockIds.newId(), data, user, none).put("length", 0)).send(FrameCodec.end());
      assertError(c.frame(), ErrorCode.BAD_REQUEST);
      c.header(TYPE_PUT_BLOCK, put(BlockIds.newId(), data, user, none).put("length", "1000")).body(data);
      assertError(c.frame(), ErrorCode.BAD_REQUEST);
      c.header(TYPE_PUT_BLOCK, put(BlockIds.newId(), data, user, none).put("length", data.length + 10)).body(data);
      assertError(c.frame(), ErrorCode.LENGTH_MISMATCH);
      c.header(TYPE_PUT_BLOCK, put(BlockIds.newId(), data, user, none).put("length", data.length - 10)).body(data);
      assertError(c.frame(), ErrorCode.LENGTH_MISMATCH);
      c.header(TYPE_PUT_BLOCK, put(BlockIds.newId(), data, user, none).put("crc32c", (crc(data) + 1) & 0xFFFFFFFFL)).body(data);
      assertError(c.frame(), ErrorCode.CHECKSUM_MISMATCH);
      c.header(TYPE_PUT_BLOCK, put(BlockIds.newId(), data, user, none).put("crc32c", 1L << 32)).body(data);
      assertError(c.frame(), ErrorCode.BAD_REQUEST);
      Buffer damaged = FrameCodec.data(Buffer.buffer(data));
      damaged.setByte(10, (byte) (damaged.getByte(10) ^ 1));
      c.header(TYPE_PUT_BLOCK, put(BlockIds.newId(), data, user, none)).send(damaged).send(FrameCodec.end());
      assertError(c.frame(), ErrorCode.CHECKSUM_MISMATCH);
      c.send(Buffer.buffer().appendInt(3).appendByte(TYPE_PUT_BLOCK).appendString("{{{")).body(data);
      assertError(c.frame(), ErrorCode.BAD_REQUEST);
      c.header(TYPE_PUT_BLOCK, put(BlockIds.newId(), data, user, new JsonArray().add(peer(0)))).body(data);
      assertError(c.frame(), ErrorCode.BAD_REQUEST);
      c.header(TYPE_PUT_BLOCK, put(BlockIds.newId(), data, user, new JsonArray().add(peer(1)).add(peer(1)))).body(data);
      assertError(c.frame(), ErrorCode.BAD_REQUEST);
      JsonArray tooLong = new JsonArray();
      for (int i = 0; i < 9; i++) {
        tooLong.add(new JsonObject().put("node", "n" + i).put("host", "127.0.0.1").put("port", 1000 + i));
      }
      c.header(TYPE_PUT_BLOCK, put(BlockIds.newId(), data, user, tooLong)).body(data);
      assertError(c.frame(), ErrorCode.BAD_REQUEST);
      c.header(TYPE_PUT_BLOCK, put(BlockIds.newId(), data, user, new JsonArray().add(
          new JsonObject().put("node", "gone").put("host", "127.0.0.1").put("port", 9)))).body(data);
      Frame unreachable = c.frame();
      assertError(unreachable, ErrorCode.UNAVAILABLE);
      assertTrue(FrameCodec.toException(unreachable).getMessage().contains("gone"), "names the node it could not reach");
      assertEquals("gone", ((NodeFailure) FrameCodec.toException(unreachable)).node());

      c.header(TYPE_GET_BLOCK, get(BlockIds.newId(), user));
      assertError(c.frame(), ErrorCode.NOT_FOUND);
      c.header(TYPE_GET_BLOCK, get(BlockIds.newId(), null));
      assertError(c.frame(), ErrorCode.UNAUTHORIZED);
      c.header(TYPE_REPLICATE, new JsonObject().put("blockId", BlockIds.newId()).put("length", 1).put("crc32c", 0)
          .put("targets", none).put("auth", meta));
      assertError(c.frame(), ErrorCode.BAD_REQUEST);
      c.header(TYPE_REPLICATE, new JsonObject().put("blockId", BlockIds.newId()).put("length", 1).put("crc32c", 0)
          .put("targets", new JsonArray().add(peer(1))).put("auth", user));
      assertError(c.frame(), ErrorCode.FORBIDDEN);
      c.header(TYPE_DELETE_BLOCKS, new JsonObject().put("blockIds", none).put("auth", user));
      assertError(c.frame(), ErrorCode.FORBIDDEN);
    }
    assertEquals(before, nodes.get(0).store().blockCount(), "no bad request stored anything");
    assertEquals(0, tempFiles(0), "no temp file left behind");
    assertStillServes(0);
  }

  @Test
  void readsOutsideTheBlockAreRefused() {
    byte[] data = random(3000, 12);
    String id = BlockIds.newId();
    try (WireClient c = new WireClient(vertx, nodes.get(2).port())) {
      c.header(TYPE_PUT_BLOCK, put(id, data, user, new JsonArray())).body(data);
      assertAck(c.frame());
      for (JsonObject bad : List.of(get(id, user).put("offset", 3001), get(id, user).put("offset", 2000).put("length", 1001),
          get(id, user).put("offset", -1), get(id, user).put("length", -5), get(id, user).put("offset", 1.5))) {
        c.header(TYPE_GET_BLOCK, bad);
        assertError(c.frame(), ErrorCode.BAD_REQUEST);
      }
      c.header(TYPE_GET_BLOCK, get(id, user).put("offset", 3000));
      assertEquals(0, assertAck(c.frame()).getInteger("length"), "an empty range at the end is fine");
      assertEquals(0, c.readBody().length());
    }
  }

  @Test
  void brokenFramingClosesTheConnection() {
    try (WireClient c = new WireClient(vertx, nodes.get(0).port())) {
      c.send(Buffer.buffer().appendInt(0xFFFFFFFF).appendByte(TYPE_DATA));
      assertError(c.frame(), ErrorCode.TOO_LARGE);
      assertSame(WireClient.CLOSED, c.next());
    }
    try (WireClient c = new WireClient(vertx, nodes.get(0).port())) {
      c.send(Buffer.buffer().appendInt(2).appendByte((byte) 99).appendShort((short) 0));
      assertError(c.frame(), ErrorCode.BAD_REQUEST);
      assertSame(WireClient.CLOSED, c.next());
    }
    try (WireClient c = new WireClient(vertx, nodes.get(0).port())) {
      c.send(FrameCodec.end());
      assertError(c.frame(), ErrorCode.BAD_REQUEST);
      assertSame(WireClient.CLOSED, c.next());
    }
    try (WireClient c = new WireClient(vertx, nodes.get(0).port())) {
      byte[] data = random(10, 13);
      c.header(TYPE_PUT_BLOCK, put(BlockIds.newId(), data, user, new JsonArray()))
          .send(FrameCodec.json(TYPE_GET_BLOCK, get(BlockIds.newId(), user)));
      assertError(c.frame(), ErrorCode.BAD_REQUEST);
      assertSame(WireClient.CLOSED, c.next());
    }
    assertStillServes(0);
  }

  @Test
  void onlyMetaMayDeleteBlocks() throws Exception {
    byte[] data = random(300, 11);
    String id = BlockIds.newId();
    try (WireClient c = new WireClient(vertx, nodes.get(2).port())) {
      c.header(TYPE_PUT_BLOCK, put(id, data, user, new JsonArray())).body(data);
      assertAck(c.frame());
      for (String token : List.of(user, auth.token("root", "admin"), auth.token("dn-1", "datanode"))) {
        c.header(TYPE_DELETE_BLOCKS, new JsonObject().put("blockIds", new JsonArray().add(id)).put("auth", token));
        assertError(c.frame(), ErrorCode.FORBIDDEN);
      }
      c.header(TYPE_DELETE_BLOCKS, new JsonObject().put("blockIds", new JsonArray().add(id).add("../../etc/passwd"))
          .put("auth", meta));
      assertError(c.frame(), ErrorCode.INVALID_BLOCK_ID);
      assertTrue(nodes.get(2).store().contains(id), "a request with one bad id deletes nothing");
      c.header(TYPE_DELETE_BLOCKS, new JsonObject().put("blockIds", "x").put("auth", meta));
      assertError(c.frame(), ErrorCode.BAD_REQUEST);
      String other = BlockIds.newId();
      c.header(TYPE_DELETE_BLOCKS, new JsonObject().put("blockIds", new JsonArray().add(id).add(other))
          .put("auth", meta).put("blockToken", auth.blockToken("meta", BlockOp.DELETE, id, other)));
      assertEquals(new JsonObject().put("deleted", 1), assertAck(c.frame()));
    }
    assertFalse(Files.exists(nodes.get(2).store().blockFile(id)));
    assertFalse(nodes.get(2).store().contains(id));
  }

  @Test
  void aReplicaThatRefusesFailsTheWriteNamingIt() throws Exception {
    String id = BlockIds.newId();
    byte[] stored = random(70_000, 14);
    try (WireClient c = new WireClient(vertx, nodes.get(1).port())) {
      c.header(TYPE_PUT_BLOCK, put(id, stored, user, new JsonArray())).body(stored);
      assertAck(c.frame());
    }
    byte[] other = random(70_000, 15);
    try (WireClient c = new WireClient(vertx, nodes.get(0).port())) {
      // The refusal comes back while the client has sent only the header: nothing can be committed.
      c.header(TYPE_PUT_BLOCK, put(id, other, user, new JsonArray().add(peer(1)).add(peer(2))));
      Frame f = c.frame();
      assertError(f, ErrorCode.UNAVAILABLE);
      assertTrue(FrameCodec.toException(f).getMessage().contains("dn-2"), FrameCodec.toException(f).getMessage());
      // The rest of the refused request is read and dropped; the connection goes on serving.
      c.body(other);
      c.header(TYPE_GET_BLOCK, get(id, user));
      assertError(c.frame(), ErrorCode.NOT_FOUND);
    }
    assertFalse(nodes.get(0).store().contains(id), "the primary keeps nothing of a refused write");
    assertFalse(nodes.get(2).store().contains(id));
    assertArrayEquals(stored, Files.readAllBytes(nodes.get(1).store().blockFile(id)));
    Await.until("temp files removed", Duration.ofSeconds(10), () -> quietTempFiles(0) == 0 && quietTempFiles(2) == 0);
  }

  static long quietTempFiles(int node) {
    try {
      return tempFiles(node);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void anAbandonedWriteLeavesNothingBehind() throws Exception {
    byte[] data = random(1024 * 1024, 16);
    String id = BlockIds.newId();
    WireClient c = new WireClient(vertx, nodes.get(0).port());
    try {
      c.header(TYPE_PUT_BLOCK, put(id, data, user, new JsonArray().add(peer(1))));
      c.send(FrameCodec.data(Buffer.buffer(data), 0, MAX_DATA_BYTES));
      Await.until("temp files opened", Duration.ofSeconds(10), () -> quietTempFiles(0) == 1 && quietTempFiles(1) == 1);
    } finally {
      c.close();
    }
    Await.until("temp files removed", Duration.ofSeconds(10), () -> quietTempFiles(0) == 0 && quietTempFiles(1) == 0);
    assertFalse(nodes.get(0).store().contains(id));
    assertFalse(nodes.get(1).store().contains(id));
  }

  /**
   * A downstream node that does not read makes the primary stop reading from its client (instead
   * of queueing the block in memory), and the write completes once the downstream reads again.
   */
  @Test
  void aSlowDownstreamPausesTheSender() throws Exception {
    SlowPeer slow = new SlowPeer();
    try {
      byte[] data = random(MAX_BLOCK, 17);
      String id = BlockIds.newId();
      long pausesBefore = metric(0, "dfs_datanode_write_pauses_total");
      JsonArray pipeline = new JsonArray().add(new JsonObject().put("node", "slow").put("host", "127.0.0.1")
          .put("port", slow.port()));
      try (WireClient c = new WireClient(vertx, nodes.get(0).port())) {
        c.header(TYPE_PUT_BLOCK, put(id, data, user, pipeline)).queueBody(data);
        Await.until("the primary pauses its reader", Duration.ofSeconds(20),
            () -> metric(0, "dfs_datanode_write_pauses_total") > pausesBefore);
        slow.startReading();
        assertEquals(new JsonArray().add("dn-1").add("slow"), assertAck(c.frame()).getJsonArray("nodes"));
      }
      JsonObject forwarded = slow.header();
      assertEquals(id, forwarded.getString("blockId"));
      assertEquals(MAX_BLOCK, forwarded.getLong("length"));
      assertEquals(crc(data), forwarded.getLong("crc32c"));
      assertEquals(new JsonArray(), forwarded.getJsonArray("pipeline"));
      Principal forwarder = auth.verifier().verify(forwarded.getString("auth")).await();
      assertEquals(Set.of("user"), forwarder.roles(), "a replication hop carries the caller's token, never the node's");
      assertNotEquals("dn-1", forwarder.subject());
      assertEquals(MAX_BLOCK, slow.bytes());
      assertEquals(crc(data), Integer.toUnsignedLong(slow.crc()));
      assertArrayEquals(data, Files.readAllBytes(nodes.get(0).store().blockFile(id)));
    } finally {
      slow.close();
    }
  }

  static long metric(int node, String name) {
    try {
      String text = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + nodes.get(node).httpPort() + "/metrics"))
          .header("Authorization", "Bearer " + auth.token("ops", "admin")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      return text.lines().filter(l -> l.startsWith(name + " "))
          .mapToLong(l -> (long) Double.parseDouble(l.split(" ")[1]))
          .findFirst().orElseThrow(() -> new AssertionError("no metric " + name));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /**
   * A stand-in replica that accepts a PUT_BLOCK but reads nothing until told to, with a small
   * receive buffer so its sender's queue fills quickly; then it takes the block and ACKs.
   */
  static final class SlowPeer {
    private final NetServer server;
    private final Promise<NetSocket> connected = Promise.promise();
    private volatile Context context;
    private volatile JsonObject header;
    private final CRC32C crc = new CRC32C();
    private volatile long bytes;

    SlowPeer() {
      server = vertx.createNetServer(new NetServerOptions().setReceiveBufferSize(64 * 1024))
          .connectHandler(socket -> {
            socket.pause();
            context = Vertx.currentContext();
            connected.tryComplete(socket);
          })
          .listen(0, "127.0.0.1").await();
    }

    int port() {
      return server.actualPort();
    }

    void startReading() {
      NetSocket socket = connected.future().await();
      context.runOnContext(v -> read(socket));
    }

    private void read(NetSocket socket) {
      FrameReader reader = FrameReader.over(socket);
      reader.handler(frame -> {
        if (frame.is(TYPE_PUT_BLOCK)) {
          header = FrameCodec.header(frame);
        } else if (frame.is(TYPE_DATA)) {
          Buffer b = FrameCodec.dataBytes(frame);
          Crc32c.update(crc, b);
          bytes += b.length();
        } else if (frame.is(TYPE_END)) {
          socket.write(FrameCodec.json(TYPE_ACK, new JsonObject().put("blockId", header.getString("blockId"))
              .put("nodes", new JsonArray().add("slow"))));
        }
      });
      socket.resume();
    }

    JsonObject header() {
      return header;
    }

    long bytes() {
      return bytes;
    }

    int crc() {
      return (int) crc.getValue();
    }

    void close() {
      server.close().await();
    }
  }
}
