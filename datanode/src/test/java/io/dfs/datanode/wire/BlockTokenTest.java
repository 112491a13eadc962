package io.dfs.datanode.wire;

import static io.dfs.common.wire.BlockProtocol.*;
import static io.dfs.datanode.testsupport.TestBytes.*;
import static org.junit.jupiter.api.Assertions.*;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.dfs.common.error.ErrorCode;
import io.dfs.common.ids.BlockIds;
import io.dfs.common.security.BlockOp;
import io.dfs.common.wire.Frame;
import io.dfs.common.wire.FrameCodec;
import io.dfs.datanode.DatanodeServer;
import io.dfs.datanode.testsupport.TestAuth;
import io.dfs.datanode.testsupport.TestNodes;
import io.dfs.datanode.testsupport.WireClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Block tokens on real data nodes: a request is served only with meta's capability for that block
 * and operation, issued to the caller, unexpired and HS256-signed with meta's secret, which the
 * node fetched with its own service token; a valid login token alone opens nothing, and the
 * secret mints no login token. Every refusal is an ERROR frame, and the node goes on serving.
 */
class BlockTokenTest {
  @TempDir static Path dir;
  static Vertx vertx;
  static TestAuth auth;
  static final List<DatanodeServer> nodes = new ArrayList<>();
  static String alice;
  static String meta;
  static String stored;
  static byte[] storedBytes;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    auth = new TestAuth(vertx);
    alice = auth.token("alice", "user");
    meta = auth.token("meta", "meta");
    for (int i = 1; i <= 2; i++) {
      nodes.add(DatanodeServer.start(vertx, TestNodes.config(dir.resolve("dn" + i), "dn-" + i, auth.url(),
          auth.url(), new JsonObject())).await());
    }
    storedBytes = random(70_000, 1);
    stored = BlockIds.newId();
    try (WireClient c = client(0)) {
      c.header(TYPE_PUT_BLOCK, put(stored, storedBytes, alice, auth.blockToken("alice", BlockOp.WRITE, stored)))
          .body(storedBytes);
      assertTrue(c.frame().is(TYPE_ACK));
    }
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

  static WireClient client(int node) {
    return new WireClient(vertx, nodes.get(node).port());
  }

  static JsonObject put(String id, byte[] data, String token, String blockToken) {
    return new JsonObject().put("v", VERSION).put("blockId", id).put("length", data.length).put("crc32c", crc(data))
        .put("auth", token).put("blockToken", blockToken).put("pipeline", new JsonArray());
  }

  static JsonObject get(String id, String token, String blockToken) {
    return new JsonObject().put("v", VERSION).put("blockId", id).put("auth", token).put("blockToken", blockToken);
  }

  static void assertRefused(WireClient c, ErrorCode code) {
    Frame f = c.frame();
    assertTrue(f.is(TYPE_ERROR), () -> "expected ERROR " + code.wireName() + ", got " + f);
    assertEquals(code, FrameCodec.toException(f).code(), () -> FrameCodec.toException(f).getMessage());
  }

  /** Reading the stored block with this block token is refused with {@code code}. */
  static void assertReadRefused(String token, String blockToken, ErrorCode code) {
    try (WireClient c = client(0)) {
      c.header(TYPE_GET_BLOCK, get(stored, token, blockToken));
      assertRefused(c, code);
      // The same connection still serves a proper request after the refusal.
      c.header(TYPE_GET_BLOCK, get(stored, alice, auth.blockToken("alice", BlockOp.READ, stored)));
      assertTrue(c.frame().is(TYPE_ACK));
      assertArrayEquals(storedBytes, c.readBody().getBytes());
    }
  }

  @Test
  void aLoginTokenAloneReadsNothing() {
    assertReadRefused(alice, null, ErrorCode.UNAUTHORIZED);
    assertReadRefused(alice, "", ErrorCode.UNAUTHORIZED);
    assertReadRefused(alice, alice, ErrorCode.UNAUTHORIZED);
    assertReadRefused(alice, "garbage", ErrorCode.UNAUTHORIZED);
  }

  @Test
  void aBlockTokenIsNoLoginToken() {
    String read = auth.blockToken("alice", BlockOp.READ, stored);
    assertReadRefused(read, read, ErrorCode.UNAUTHORIZED);
  }

  @Test
  void aTokenForAnotherBlockOrOperationIsForbidden() {
    assertReadRefused(alice, auth.blockToken("alice", BlockOp.READ, BlockIds.newId()), ErrorCode.FORBIDDEN);
    assertReadRefused(alice, auth.blockToken("alice", BlockOp.WRITE, stored), ErrorCode.FORBIDDEN);
    assertReadRefused(alice, auth.blockToken("alice", BlockOp.DELETE, stored), ErrorCode.FORBIDDEN);
  }

  @Test
  void anExpiredOrForgedBlockTokenIsInvalid() {
    assertReadRefused(alice, auth.expiredBlockToken("alice", BlockOp.READ, stored), ErrorCode.UNAUTHORIZED);
    assertReadRefused(alice, auth.eternalBlockToken("alice", BlockOp.READ, stored), ErrorCode.UNAUTHORIZED);
    assertReadRefused(alice, auth.forgedBlockToken("alice", BlockOp.READ, stored), ErrorCode.UNAUTHORIZED);
    assertReadRefused(alice, auth.unsignedBlockToken("alice", BlockOp.READ, stored), ErrorCode.UNAUTHORIZED);
  }

  @Test
  void anEs256BlockTokenIsInvalidEvenUnderMetasKeyId() {
    assertReadRefused(alice, auth.es256BlockToken("alice", BlockOp.READ, stored), ErrorCode.UNAUTHORIZED);
  }

  @Test
  void theBlockSecretMintsNoLoginToken() {
    String minted = auth.loginTokenFromBlockSecret("alice", "user");
    assertReadRefused(minted, auth.blockToken("alice", BlockOp.READ, stored), ErrorCode.UNAUTHORIZED);
  }

  @Test
  void anotherUsersBlockTokenIsForbidden() {
    assertReadRefused(alice, auth.blockToken("bob", BlockOp.READ, stored), ErrorCode.FORBIDDEN);
  }

  @Test
  void aReadTokenStoresNothing() {
    byte[] data = random(1000, 2);
    String id = BlockIds.newId();
    try (WireClient c = client(1)) {
      c.header(TYPE_PUT_BLOCK, put(id, data, alice, auth.blockToken("alice", BlockOp.READ, id))).body(data);
      assertRefused(c, ErrorCode.FORBIDDEN);
    }
    assertFalse(nodes.get(1).store().contains(id));
  }

  @Test
  void onlyADataNodeOnMetasOrderSendsACopy() {
    byte[] data = random(1000, 3);
    String id = BlockIds.newId();
    JsonObject asCopy = put(id, data, alice, auth.blockToken("alice", BlockOp.REPLICATE, id)).put("copy", true);
    try (WireClient c = client(1)) {
      c.header(TYPE_PUT_BLOCK, asCopy).body(data);
      assertRefused(c, ErrorCode.FORBIDDEN);
      String node = auth.token("dn-1", "datanode");
      c.header(TYPE_PUT_BLOCK, put(id, data, node, auth.blockToken("meta", BlockOp.WRITE, id)).put("copy", true))
          .body(data);
      assertRefused(c, ErrorCode.FORBIDDEN);
      c.header(TYPE_PUT_BLOCK, put(id, data, node, auth.blockToken("meta", BlockOp.REPLICATE, id)).put("copy", true))
          .body(data);
      assertTrue(c.frame().is(TYPE_ACK), "a node's copy on meta's replicate token is stored");
    }
    assertTrue(nodes.get(1).store().contains(id));
  }

  @Test
  void aUserTokenCannotOrderReplicationAndMetaNeedsAReplicateToken() {
    JsonObject order = new JsonObject().put("v", VERSION).put("blockId", stored).put("length", storedBytes.length)
        .put("crc32c", crc(storedBytes)).put("targets", new JsonArray().add(new JsonObject()
            .put("node", nodes.get(1).nodeId()).put("host", "127.0.0.1").put("port", nodes.get(1).port())));
    try (WireClient c = client(0)) {
      c.header(TYPE_REPLICATE, order.copy().put("auth", alice)
          .put("blockToken", auth.blockToken("alice", BlockOp.REPLICATE, stored)));
      assertRefused(c, ErrorCode.FORBIDDEN);
      c.header(TYPE_REPLICATE, order.copy().put("auth", meta)
          .put("blockToken", auth.blockToken("meta", BlockOp.READ, stored)));
      assertRefused(c, ErrorCode.FORBIDDEN);
    }
    assertFalse(nodes.get(1).store().contains(stored), "nothing was copied");
  }

  @Test
  void aDeleteTokenMustNameEveryBlock() {
    byte[] data = random(1000, 4);
    String id = BlockIds.newId();
    String other = BlockIds.newId();
    try (WireClient c = client(1)) {
      c.header(TYPE_PUT_BLOCK, put(id, data, alice, auth.blockToken("alice", BlockOp.WRITE, id))).body(data);
      assertTrue(c.frame().is(TYPE_ACK));
      JsonObject delete = new JsonObject().put("v", VERSION).put("blockIds", new JsonArray().add(other).add(id))
          .put("auth", meta);
      c.header(TYPE_DELETE_BLOCKS, delete.copy().put("blockToken", auth.blockToken("meta", BlockOp.DELETE, other)));
      assertRefused(c, ErrorCode.FORBIDDEN);
      assertTrue(nodes.get(1).store().contains(id), "a refused delete removes nothing");
      c.header(TYPE_DELETE_BLOCKS, delete.copy().put("blockToken", auth.blockToken("meta", BlockOp.DELETE, other, id)));
      assertTrue(c.frame().is(TYPE_ACK));
    }
    assertFalse(nodes.get(1).store().contains(id));
  }

  @Test
  void everyRefusalLeavesAnAuditLineWithoutTheToken() {
    Logger audit = (Logger) LoggerFactory.getLogger("audit");
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    audit.addAppender(lines);
    try {
      assertReadRefused(alice, "garbage", ErrorCode.UNAUTHORIZED);
      assertReadRefused(alice, auth.blockToken("bob", BlockOp.READ, stored), ErrorCode.FORBIDDEN);
    } finally {
      audit.detachAppender(lines);
    }
    List<String> messages = lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    assertEquals(2, messages.size(), messages::toString);
    assertTrue(messages.get(0).contains("outcome=denied") && messages.get(0).contains("read " + stored)
        && messages.get(0).contains("from=127.0.0.1"), messages.get(0));
    assertTrue(messages.get(1).contains("who=alice") && messages.get(1).contains("outcome=forbidden")
        && messages.get(1).contains("issued to another user"), messages.get(1));
    assertTrue(messages.stream().noneMatch(m -> m.contains(alice)), "tokens never reach the audit log");
  }
}
