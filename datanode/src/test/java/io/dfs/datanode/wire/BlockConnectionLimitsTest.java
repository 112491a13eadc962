package io.dfs.datanode.wire;

import static io.dfs.common.wire.BlockProtocol.*;
import static io.dfs.datanode.testsupport.TestBytes.*;
import static org.junit.jupiter.api.Assertions.*;

import io.dfs.common.error.ErrorCode;
import io.dfs.common.ids.BlockIds;
import io.dfs.common.security.BlockOp;
import io.dfs.common.wire.Frame;
import io.dfs.common.wire.FrameCodec;
import io.dfs.datanode.DatanodeServer;
import io.dfs.datanode.testsupport.Await;
import io.dfs.datanode.testsupport.TestAuth;
import io.dfs.datanode.testsupport.TestNodes;
import io.dfs.datanode.testsupport.WireClient;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What bounds a block connection's life and a node's connection count: a header must arrive in
 * full within the header timeout however the client trickles it, and a node holds at most
 * {@link BlockService#MAX_CONNECTIONS} connections.
 */
class BlockConnectionLimitsTest {
  static final Duration HEADER_TIMEOUT = Duration.ofSeconds(1);
  @TempDir static Path dir;
  static Vertx vertx;
  static TestAuth auth;
  /** Cuts off slow headers after {@link #HEADER_TIMEOUT}. */
  static DatanodeServer node;
  /** Gives a header ten minutes: its held connections stay open however slowly a busy machine fills them. */
  static DatanodeServer roomy;
  static String user;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    auth = new TestAuth(vertx);
    user = auth.token("alice", "user");
    node = DatanodeServer.start(vertx, TestNodes.config(dir.resolve("dn"), "dn-1", auth.url(), auth.url(),
        new JsonObject().put("headerTimeout", HEADER_TIMEOUT.toMillis() + "ms"))).await();
    roomy = DatanodeServer.start(vertx, TestNodes.config(dir.resolve("roomy"), "dn-2", auth.url(), auth.url(),
        new JsonObject().put("headerTimeout", "10m"))).await();
  }

  @AfterAll
  static void stop() {
    for (DatanodeServer n : new DatanodeServer[] {node, roomy}) {
      if (n != null) {
        n.stop().await();
      }
    }
    if (vertx != null) {
      vertx.close().await();
    }
  }

  @Test
  void aHeaderTrickledByteByByteIsCutOffAtTheHeaderTimeout() throws Exception {
    Buffer header = FrameCodec.json(TYPE_GET_BLOCK, new JsonObject().put("v", VERSION)
        .put("blockId", BlockIds.newId()).put("auth", user));
    try (WireClient c = new WireClient(vertx, node.port())) {
      long started = System.nanoTime();
      // A byte every 300 ms keeps the connection from ever being idle, yet never finishes the header.
      for (int i = 0; i < 6; i++) {
        c.queue(header.getBuffer(i, i + 1));
        Thread.sleep(300);
      }
      Frame error = c.frame();
      assertTrue(error.is(TYPE_ERROR), () -> "expected ERROR, got " + error);
      assertEquals(ErrorCode.BAD_REQUEST, FrameCodec.toException(error).code());
      assertTrue(FrameCodec.toException(error).getMessage().contains("no complete request header"),
          FrameCodec.toException(error).getMessage());
      assertSame(WireClient.CLOSED, c.next());
      assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(HEADER_TIMEOUT.multipliedBy(10)) < 0);
    }
    assertServes(node);
  }

  @Test
  void aConnectionSilentAfterItsAnswerIsClosedAtTheHeaderTimeout() {
    try (WireClient c = new WireClient(vertx, node.port())) {
      storeAndRead(c);
      Frame error = c.frame();
      assertTrue(error.is(TYPE_ERROR), () -> "expected ERROR, got " + error);
      assertSame(WireClient.CLOSED, c.next());
    }
  }

  @Test
  void aRequestSlowerThanTheHeaderTimeoutIsNotCutOff() throws Exception {
    byte[] data = random(4 * 64 * 1024, 7);
    String id = BlockIds.newId();
    try (WireClient c = new WireClient(vertx, node.port())) {
      c.header(TYPE_PUT_BLOCK, put(id, data));
      // The body takes three header timeouts to arrive; only headers are on the clock.
      for (int at = 0; at < data.length; at += MAX_DATA_BYTES) {
        c.send(FrameCodec.data(Buffer.buffer(data), at, Math.min(data.length, at + MAX_DATA_BYTES)));
        Thread.sleep(HEADER_TIMEOUT.toMillis() * 3 / 4);
      }
      c.send(FrameCodec.end());
      Frame ack = c.frame();
      assertTrue(ack.is(TYPE_ACK), () -> "expected ACK, got " + ack + " " + ack.payload());
    }
  }

  @Test
  void connectionsBeyondTheBoundAreAnsweredBusyAndClosed() throws Exception {
    List<Socket> held = new ArrayList<>();
    try {
      // Silent connections, which roomy's long header timeout leaves open for the whole test.
      while (held.size() < BlockService.MAX_CONNECTIONS) {
        held.add(new Socket("127.0.0.1", roomy.port()));
      }
      Await.until("every held connection counted", Duration.ofSeconds(10),
          () -> roomy.openBlockConnections() == BlockService.MAX_CONNECTIONS);
      try (WireClient extra = new WireClient(vertx, roomy.port())) {
        Frame busy = extra.frame();
        assertTrue(busy.is(TYPE_ERROR), () -> "expected ERROR, got " + busy);
        assertEquals(ErrorCode.BUSY, FrameCodec.toException(busy).code());
        assertSame(WireClient.CLOSED, extra.next());
      }
      held.remove(0).close();
      Await.until("a slot freed", Duration.ofSeconds(10),
          () -> roomy.openBlockConnections() < BlockService.MAX_CONNECTIONS);
      assertServes(roomy);
    } finally {
      for (Socket s : held) {
        closeQuietly(s);
      }
    }
    Await.until("held connections released", Duration.ofSeconds(30), () -> roomy.openBlockConnections() == 0);
  }

  static JsonObject put(String id, byte[] data) {
    return new JsonObject().put("v", VERSION).put("blockId", id).put("length", data.length)
        .put("crc32c", crc(data)).put("auth", user)
        .put("blockToken", auth.blockToken("alice", BlockOp.WRITE, id)).put("pipeline", new JsonArray());
  }

  static void storeAndRead(WireClient c) {
    byte[] data = random(100, 42);
    String id = BlockIds.newId();
    c.header(TYPE_PUT_BLOCK, put(id, data)).body(data);
    Frame ack = c.frame();
    assertTrue(ack.is(TYPE_ACK), () -> "expected ACK, got " + ack + " " + ack.payload());
    c.header(TYPE_GET_BLOCK, new JsonObject().put("v", VERSION).put("blockId", id).put("auth", user)
        .put("blockToken", auth.blockToken("alice", BlockOp.READ, id)));
    Frame got = c.frame();
    assertTrue(got.is(TYPE_ACK), () -> "expected ACK, got " + got + " " + got.payload());
    assertArrayEquals(data, c.readBody().getBytes());
  }

  static void assertServes(DatanodeServer n) {
    try (WireClient c = new WireClient(vertx, n.port())) {
      storeAndRead(c);
    }
  }

  static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // closing is best effort: the test is over for this socket
    }
  }
}
