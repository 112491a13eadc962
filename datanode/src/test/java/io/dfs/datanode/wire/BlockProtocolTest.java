package io.dfs.datanode.wire;

import static io.dfs.common.wire.BlockProtocol.*;
import static org.junit.jupiter.api.Assertions.*;

import io.dfs.common.config.ConfigLoader;
import io.dfs.common.config.DatanodeConfig;
import io.dfs.common.error.ErrorCode;
import io.dfs.common.ids.BlockIds;
import io.dfs.common.wire.Crc32c;
import io.dfs.common.wire.Frame;
import io.dfs.common.wire.FrameCodec;
import io.dfs.datanode.DatanodeServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real data nodes (no meta: they keep trying to join, which does not stop them serving)
 * and a real HTTP server standing in for auth's JWKS and login.
 */
class BlockProtocolTest {
  @TempDir static Path dir;
  static Vertx vertx;
  static TestAuth auth;
  static final List<DatanodeServer> nodes = new ArrayList<>();
  static String user;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    auth = new TestAuth(vertx);
    user = auth.token("alice", "user");
    for (int i = 1; i <= 3; i++) {
      Path data = Files.createDirectories(dir.resolve("dn" + i));
      Files.writeString(data.resolve("secret"), "s");
      JsonObject conf = new JsonObject().put("port", 0).put("httpPort", 0).put("dataDir", data.toString())
          .put("nodeName", "dn-" + i).put("serviceAccount", "dn-" + i).put("secretFile", data.resolve("secret").toString())
          .put("authUrl", auth.url()).put("metaUrl", "http://127.0.0.1:9").put("maxBlockBytes", 16 * 1024 * 1024);
      nodes.add(DatanodeServer.start(vertx, ConfigLoader.fromJson(conf.encode(), DatanodeConfig.class)).await());
    }
  }

  @AfterAll
  static void stop() {
    if (vertx != null) {
      vertx.close().await();
    }
  }

  static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  static JsonObject pipelineEntry(int i) {
    return new JsonObject().put("node", nodes.get(i).nodeId()).put("host", "127.0.0.1").put("port", nodes.get(i).port());
  }

  static JsonObject put(String id, byte[] data, String token, JsonArray pipeline) {
    return new JsonObject().put("v", VERSION).put("blockId", id).put("length", data.length)
        .put("crc32c", Crc32c.unsigned(Crc32c.of(Buffer.buffer(data)))).put("auth", token).put("pipeline", pipeline);
  }

  static void assertError(Frame f, ErrorCode code) {
    assertTrue(f.is(TYPE_ERROR), () -> "expected ERROR, got " + f + " " + f.payload());
    assertEquals(code, FrameCodec.toException(f).code(), () -> FrameCodec.toException(f).getMessage());
  }

  /** Proves the node still serves: a fresh connection stores and reads back a small block. */
  static void assertStillServes(int node) {
    byte[] data = random(100, 42);
    String id = BlockIds.newId();
    try (WireClient c = new WireClient(vertx, nodes.get(node).port())) {
      c.header(TYPE_PUT_BLOCK, put(id, data, user, new JsonArray())).body(data);
      assertTrue(c.frame().is(TYPE_ACK));
      c.header(TYPE_GET_BLOCK, new JsonObject().put("blockId", id).put("auth", user));
      assertTrue(c.frame().is(TYPE_ACK));
      assertArrayEquals(data, c.readBody().getBytes());
    }
  }

  @Test
  void chainStoresIdenticalReplicasOnEveryNode() throws Exception {
    for (int size : new int[] {1, 64 * 1024 + 1, 10 * 1024 * 1024}) {
      byte[] data = random(size, size);
      String id = BlockIds.newId();
      try (WireClient c = new WireClient(vertx, nodes.get(0).port())) {
        c.header(TYPE_PUT_BLOCK, put(id, data, user, new JsonArray().add(pipelineEntry(1)).add(pipelineEntry(2))))
            .body(data);
        Frame ack = c.frame();
        assertTrue(ack.is(TYPE_ACK), () -> "got " + FrameCodec.header(ack));
        assertEquals(new JsonArray().add("dn-1").add("dn-2").add("dn-3"), FrameCodec.header(ack).getJsonArray("nodes"));
      }
      for (DatanodeServer n : nodes) {
        assertArrayEquals(data, Files.readAllBytes(n.store().blockFile(id)), "replica on " + n.nodeId());
      }
      try (WireClient c = new WireClient(vertx, nodes.get(2).port())) {
        c.header(TYPE_GET_BLOCK, new JsonObject().put("blockId", id).put("auth", user));
        JsonObject head = FrameCodec.header(c.frame());
        assertEquals(Crc32c.unsigned(Crc32c.of(Buffer.buffer(data))), head.getLong("crc32c"));
        assertArrayEquals(data, c.readBody().getBytes());
        int from = size / 3;
        int len = Math.max(1, size / 2 - from);
        c.header(TYPE_GET_BLOCK, new JsonObject().put("blockId", id).put("offset", from).put("length", len).put("auth", user));
        assertTrue(c.frame().is(TYPE_ACK));
        assertArrayEquals(Buffer.buffer(data).getBytes(from, from + len), c.readBody().getBytes(), "range of " + size);
      }
    }
  }

  @Test
  void corruptReplicaIsNeverServed() throws Exception {
    byte[] data = random(200_000, 7);
    String id = BlockIds.newId();
    try (WireClient c = new WireClient(vertx, nodes.get(1).port())) {
      c.header(TYPE_PUT_BLOCK, put(id, data, user, new JsonArray())).body(data);
      assertTrue(c.frame().is(TYPE_ACK));
    }
    Path file = nodes.get(1).store().blockFile(id);
    byte[] onDisk = Files.readAllBytes(file);
    onDisk[150_000] ^= 1;
    Files.write(file, onDisk);
    try (WireClient c = new WireClient(vertx, nodes.get(1).port())) {
      c.header(TYPE_GET_BLOCK, new JsonObject().put("blockId", id).put("auth", user));
      assertTrue(c.frame().is(TYPE_ACK));
      Buffer good = Buffer.buffer();
      Frame f;
      while ((f = c.frame()).is(TYPE_DATA)) {
        good.appendBuffer(FrameCodec.dataBytes(f));
      }
      assertError(f, ErrorCode.CORRUPT);
      assertEquals(131_072, good.length(), "only the chunks before the bad one were sent");
    }
    assertStillServes(1);
  }

  @Test
  void retriedPutIsIdempotentAndDifferentBytesConflict() {
    byte[] data = random(5000, 8);
    String id = BlockIds.newId();
    for (int attempt = 0; attempt < 2; attempt++) {
      try (WireClient c = new WireClient(vertx, nodes.get(0).port())) {
        c.header(TYPE_PUT_BLOCK, put(id, data, user, new JsonArray())).body(data);
        assertTrue(c.frame().is(TYPE_ACK));
      }
    }
    byte[] other = random(5000, 9);
    try (WireClient c = new WireClient(vertx, nodes.get(0).port())) {
      c.header(TYPE_PUT_BLOCK, put(id, other, user, new JsonArray())).body(other);
      assertError(c.frame(), ErrorCode.CONFLICT);
    }
  }

  @Test
  void badRequestsGetAnErrorAndChangeNothing() throws Exception {
    byte[] data = random(1000, 10);
    long before = nodes.get(0).store().blockCount();
    try (WireClient c = new WireClient(vertx, nodes.get(0).port())) {
      // Each bad PUT is answered and its frames dropped; the connection keeps serving.
      c.header(TYPE_PUT_BLOCK, put(BlockIds.newId(), data, null, new JsonArray())).body(data);
      assertError(c.frame(), ErrorCode.UNAUTHORIZED);
      c.header(TYPE_PUT_BLOCK, put(BlockIds.newId(), data, "garbage", new JsonArray())).body(data);
      assertError(c.frame(), ErrorCode.UNAUTHORIZED);
      for (String bad : new String[] {"../x", "1-1-1-1-1", BlockIds.newId().toUpperCase(), "/etc/passwd"}) {
        c.header(TYPE_PUT_BLOCK, put(bad, data, user, new JsonArray())).body(data);
        assertError(c.frame(), ErrorCode.INVALID_BLOCK_ID);
      }
      c.header(TYPE_PUT_BLOCK, put(BlockIds.newId(), data, user, new JsonArray()).put("length", 17L * 1024 * 1024)).body(data);
      assertError(c.frame(), ErrorCode.BAD_REQUEST);
      c.header(TYPE_PUT_BLOCK, put(BlockIds.newId(), data, user, new JsonArray()).put("length", data.length + 10)).body(data);
      assertError(c.frame(), ErrorCode.LENGTH_MISMATCH);
      c.header(TYPE_PUT_BLOCK, put(BlockIds.newId(), data, user, new JsonArray()).put("length", data.length - 10)).body(data);
      assertError(c.frame(), ErrorCode.LENGTH_MISMATCH);
      c.header(TYPE_PUT_BLOCK, put(BlockIds.newId(), data, user, new JsonArray()).put("crc32c", 12345)).body(data);
      assertError(c.frame(), ErrorCode.CHECKSUM_MISMATCH);
      c.header(TYPE_DELETE_BLOCKS, new JsonObject().put("blockIds", new JsonArray()).put("auth", user));
      assertError(c.frame(), ErrorCode.FORBIDDEN);
      c.header(TYPE_GET_BLOCK, new JsonObject().put("blockId", BlockIds.newId()).put("auth", user));
      assertError(c.frame(), ErrorCode.NOT_FOUND);
      c.header(TYPE_PUT_BLOCK, put(BlockIds.newId(), data, user, new JsonArray()).put("pipeline",
          new JsonArray().add(new JsonObject().put("node", "x").put("host", "127.0.0.1").put("port", 9)))).body(data);
      assertError(c.frame(), ErrorCode.UNAVAILABLE);
    }
    assertEquals(before, nodes.get(0).store().blockCount(), "no bad request stored anything");
    try (var tmp = Files.list(dir.resolve("dn1").resolve("tmp"))) {
      assertEquals(0, tmp.count(), "no temp file left behind");
    }
    assertStillServes(0);
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
    }
    assertStillServes(0);
  }

  @Test
  void onlyMetaMayDeleteBlocks() throws Exception {
    byte[] data = random(300, 11);
    String id = BlockIds.newId();
    try (WireClient c = new WireClient(vertx, nodes.get(2).port())) {
      c.header(TYPE_PUT_BLOCK, put(id, data, user, new JsonArray())).body(data);
      assertTrue(c.frame().is(TYPE_ACK));
      c.header(TYPE_DELETE_BLOCKS, new JsonObject().put("blockIds", new JsonArray().add(id)).put("auth", auth.token("dn-1", "datanode")));
      assertError(c.frame(), ErrorCode.FORBIDDEN);
      c.header(TYPE_DELETE_BLOCKS, new JsonObject().put("blockIds", new JsonArray().add("../../etc/passwd")).put("auth", auth.token("meta", "meta")));
      assertError(c.frame(), ErrorCode.INVALID_BLOCK_ID);
      c.header(TYPE_DELETE_BLOCKS, new JsonObject().put("blockIds", new JsonArray().add(id)).put("auth", auth.token("meta", "meta")));
      assertEquals(1, FrameCodec.header(c.frame()).getInteger("deleted"));
    }
    assertFalse(Files.exists(nodes.get(2).store().blockFile(id)));
  }
}
