package io.dfs.datanode.membership;

import static io.dfs.common.wire.BlockProtocol.*;
import static io.dfs.datanode.testsupport.TestBytes.*;
import static org.junit.jupiter.api.Assertions.*;

import io.dfs.common.security.BlockOp;
import io.dfs.common.config.ConfigLoader;
import io.dfs.common.config.DatanodeConfig;
import io.dfs.common.heartbeat.Heartbeat;
import io.dfs.common.ids.BlockIds;
import io.dfs.common.security.Principal;
import io.dfs.common.wire.Crc32c;
import io.dfs.common.wire.Frame;
import io.dfs.common.wire.FrameCodec;
import io.dfs.datanode.DatanodeServer;
import io.dfs.datanode.store.BlockStore;
import io.dfs.datanode.store.ChunkedChecksum;
import io.dfs.datanode.testsupport.Await;
import io.dfs.datanode.testsupport.FakeMeta;
import io.dfs.datanode.testsupport.TestAuth;
import io.dfs.datanode.testsupport.TestNodes;
import io.dfs.datanode.testsupport.WireClient;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real data node against a stand-in meta: JOIN, heartbeats, block reports, REJOIN, health. */
class MembershipTest {
  static final Duration PATIENCE = Duration.ofSeconds(15);
  @TempDir Path dir;
  Vertx vertx;
  TestAuth auth;
  FakeMeta meta;
  DatanodeServer node;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    auth = new TestAuth(vertx);
    meta = new FakeMeta(vertx, auth);
  }

  @AfterEach
  void stop() {
    if (node != null) {
      node.stop().await();
    }
    vertx.close().await();
  }

  private DatanodeConfig config(Path data) throws Exception {
    return TestNodes.config(data, "dn-1", auth.url(), meta.url() + "/", new JsonObject().put("fsync", false));
  }

  /** Stores a block straight into a data directory, as an earlier run of the node would have. */
  private static BlockStore.BlockInfo preload(Path data, byte[] bytes) throws Exception {
    BlockStore store = BlockStore.open(data, false);
    String id = BlockIds.newId();
    Path tmp = store.newTempFile(id);
    Files.write(tmp, bytes);
    ChunkedChecksum sum = new ChunkedChecksum(bytes.length);
    sum.update(Buffer.buffer(bytes));
    return store.commit(id, tmp, sum.finish());
  }

  private String put(byte[] data) {
    String id = BlockIds.newId();
    try (WireClient c = new WireClient(vertx, node.port())) {
      c.header(TYPE_PUT_BLOCK, new JsonObject().put("blockId", id).put("length", data.length)
          .put("crc32c", Crc32c.unsigned(Crc32c.of(Buffer.buffer(data)))).put("auth", auth.token("alice", "user"))
          .put("blockToken", auth.blockToken("alice", BlockOp.WRITE, id)).put("pipeline", new JsonArray())).body(data);
      assertTrue(c.frame().is(TYPE_ACK));
    }
    return id;
  }

  private static HttpResponse<String> http(int port, String path) {
    return http(port, path, null);
  }

  private static HttpResponse<String> http(int port, String path, String token) {
    try {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
      if (token != null) {
        request.header("Authorization", "Bearer " + token);
      }
      return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private boolean reported(String list, String blockId) {
    return meta.reports().stream().anyMatch(r -> r.body().getJsonArray(list).stream()
        .anyMatch(e -> blockId.equals(e instanceof JsonObject o ? o.getString("blockId") : e)));
  }

  private static Set<String> blockIds(JsonObject join) {
    return join.getJsonArray("blocks").stream().map(b -> ((JsonObject) b).getString("blockId")).collect(Collectors.toSet());
  }

  private long maxSeq() {
    return meta.verifiedBeats().stream().mapToLong(Heartbeat::seq).max().orElse(0);
  }

  @Test
  void joinsWithItsBlocksThenHeartbeatsAndReports() throws Exception {
    Path data = dir.resolve("dn1");
    BlockStore.BlockInfo kept = preload(data, random(70_000, 1));
    BlockStore.BlockInfo disowned = preload(data, random(500, 2));
    meta.deleteOnJoin(disowned.blockId());
    node = DatanodeServer.start(vertx, config(data)).await();

    // Meta is not taking nodes yet: the node keeps trying and says it is not ready.
    Await.until("a retried JOIN", PATIENCE, () -> meta.joinAttempts() >= 2);
    assertFalse(node.joined());
    assertEquals(503, http(node.httpPort(), "/ready").statusCode());
    assertEquals(new JsonObject().put("status", "up"), new JsonObject(http(node.httpPort(), "/health").body()));

    meta.admit();
    Await.until("joined", PATIENCE, node::joined);
    HttpResponse<String> ready = http(node.httpPort(), "/ready");
    assertEquals(200, ready.statusCode());
    assertEquals(new JsonObject().put("status", "ready").put("nodeId", "dn-1"), new JsonObject(ready.body()));

    FakeMeta.Call join = meta.joins().get(0);
    assertEquals("dn-1", join.body().getString("nodeId"));
    assertEquals("127.0.0.1", join.body().getString("host"));
    assertEquals(node.port(), join.body().getInteger("port"), "the real port is advertised");
    assertEquals(node.httpPort(), join.body().getInteger("httpPort"));
    assertTrue(join.body().getLong("capacityBytes") > 0);
    assertEquals(70_500, join.body().getLong("usedBytes"));
    assertEquals(Set.of(kept.blockId(), disowned.blockId()), blockIds(join.body()));
    JsonObject keptEntry = join.body().getJsonArray("blocks").stream().map(JsonObject.class::cast)
        .filter(b -> b.getString("blockId").equals(kept.blockId())).findFirst().orElseThrow();
    assertEquals(new JsonObject().put("blockId", kept.blockId()).put("length", 70_000L)
        .put("crc32c", Crc32c.unsigned(kept.crc32c())), keptEntry);
    Principal caller = auth.verifier().verify(join.token()).await();
    assertEquals("dn-1", caller.subject());
    assertEquals(Set.of("datanode"), caller.roles());

    // The replica meta disowned is deleted, and the deletion reported.
    Await.until("disowned replica deleted", PATIENCE, () -> !node.store().contains(disowned.blockId()));
    Await.until("deletion reported", PATIENCE, () -> reported("deleted", disowned.blockId()));

    // Heartbeats: keyed with the JOIN's key, strictly increasing, carrying the node's numbers.
    Await.until("heartbeats", PATIENCE, () -> meta.verifiedBeats().size() >= 3);
    List<Heartbeat> beats = meta.verifiedBeats();
    for (int i = 1; i < beats.size(); i++) {
      assertTrue(beats.get(i).seq() > beats.get(i - 1).seq(), "sequence numbers go up");
    }
    Heartbeat last = beats.get(beats.size() - 1);
    assertEquals("dn-1", last.nodeId());
    assertTrue(last.seq() >= System.currentTimeMillis() - 60_000, "sequence numbers start at the clock");
    // Capacity is reported as used + free: what meta subtracts is exactly the room left.
    assertTrue(last.capacityBytes() > last.usedBytes());
    Await.until("heartbeat after the delete", PATIENCE, () -> {
      List<Heartbeat> now = meta.verifiedBeats();
      Heartbeat h = now.get(now.size() - 1);
      return h.blockCount() == 1 && h.usedBytes() == 70_000;
    });

    // A new replica is reported as received, with its length and checksum.
    byte[] bytes = random(1000, 3);
    String fresh = put(bytes);
    Await.until("received reported", PATIENCE, () -> reported("received", fresh));
    JsonObject entry = meta.reports().stream().flatMap(r -> r.body().getJsonArray("received").stream())
        .map(JsonObject.class::cast).filter(e -> e.getString("blockId").equals(fresh)).findFirst().orElseThrow();
    assertEquals(new JsonObject().put("blockId", fresh).put("length", 1000L)
        .put("crc32c", Crc32c.unsigned(Crc32c.of(Buffer.buffer(bytes)))), entry);
    assertEquals("dn-1", auth.verifier().verify(meta.reports().get(0).token()).await().subject());

    // A report answer can disown replicas too.
    meta.deleteOnReport(kept.blockId());
    String another = put(random(10, 4));
    Await.until("report answer applied", PATIENCE, () -> !node.store().contains(kept.blockId()));
    Await.until("that deletion reported", PATIENCE, () -> reported("deleted", kept.blockId()));
    assertTrue(node.store().contains(another));

    JsonObject metrics = new JsonObject();
    http(node.httpPort(), "/metrics", auth.token("ops", "admin")).body().lines().filter(l -> !l.startsWith("#"))
        .forEach(l -> metrics.put(l.split(" ")[0], (long) Double.parseDouble(l.split(" ")[1])));
    assertEquals(1L, metrics.getLong("dfs_datanode_joined"));
    assertEquals(2L, metrics.getLong("dfs_datanode_blocks"));
    assertEquals(2L, metrics.getLong("dfs_datanode_blocks_written_total"));
  }

  @Test
  void aGarbageDeletionIsNotReportedBackAndAnyOtherIs() throws Exception {
    node = DatanodeServer.start(vertx, config(dir.resolve("dn1"))).await();
    meta.admit();
    Await.until("joined", PATIENCE, node::joined);
    String garbage = put(random(100, 5));
    String extra = put(random(100, 6));
    Await.until("received reported", PATIENCE, () -> reported("received", garbage) && reported("received", extra));

    deleteAsMeta(garbage, true);
    deleteAsMeta(extra, false);
    // Reports go out one at a time in the order of the changes: one made after both ACKs arrives
    // in the report that would carry the deletions, or a later one.
    String later = put(random(100, 7));
    Await.until("the later block reported", PATIENCE, () -> reported("received", later));
    assertFalse(node.store().contains(garbage));
    assertFalse(reported("deleted", garbage), "meta learnt of the garbage's deletion from its ACK");
    assertTrue(reported("deleted", extra), "a lost ACK must not leave meta counting the extra replica");
  }

  private void deleteAsMeta(String blockId, boolean garbage) {
    try (WireClient c = new WireClient(vertx, node.port())) {
      c.header(TYPE_DELETE_BLOCKS, new JsonObject().put("blockIds", new JsonArray().add(blockId))
          .put("auth", auth.token("meta", "meta")).put("blockToken", auth.blockToken("meta", BlockOp.DELETE, blockId))
          .put("garbage", garbage));
      Frame ack = c.frame();
      assertTrue(ack.is(TYPE_ACK), () -> "expected ACK, got " + ack);
      assertEquals(new JsonObject().put("deleted", 1), FrameCodec.header(ack));
    }
  }

  @Test
  void joinsAgainWhenMetaForgetsIt() throws Exception {
    meta.admit();
    node = DatanodeServer.start(vertx, config(dir.resolve("dn1"))).await();
    Await.until("heartbeats", PATIENCE, () -> meta.verifiedBeats().size() >= 2);

    // REJOIN: a new JOIN with the full report, then heartbeats with the new key, numbered on.
    long before = maxSeq();
    String first = put(random(100, 5));
    meta.sendRejoin("dn-1");
    Await.until("second JOIN", PATIENCE, () -> meta.joins().size() == 2);
    assertTrue(blockIds(meta.joins().get(1).body()).contains(first), "the JOIN carries the full block report");
    Await.until("heartbeats with the new key", PATIENCE, () -> maxSeq() > before);
    // A heartbeat numbered on can leave before the JOIN's answer is read on a busy machine.
    Await.until("joined again", PATIENCE, node::joined);

    // A REJOIN for another node is not for this one.
    meta.sendRejoin("dn-2");

    // 409 on a block report: join again; the JOIN reports the block the refused report carried.
    meta.refuseNextReport();
    String second = put(random(100, 6));
    Await.until("third JOIN", PATIENCE, () -> meta.joins().size() == 3);
    assertTrue(blockIds(meta.joins().get(2).body()).contains(second));
    Await.until("joined again", PATIENCE, node::joined);
    assertEquals(3, meta.joins().size(), "the REJOIN for dn-2 was ignored");

    // Paused heartbeats: the node keeps serving but meta hears nothing.
    node.pauseHeartbeats(true);
    Thread.sleep(3 * FakeMeta.HEARTBEAT_INTERVAL_MS);
    int paused = meta.beats().size();
    Thread.sleep(5 * FakeMeta.HEARTBEAT_INTERVAL_MS);
    assertEquals(paused, meta.beats().size());
    put(random(10, 7));
    node.pauseHeartbeats(false);
    Await.until("heartbeats resume", PATIENCE, () -> meta.beats().size() > paused);
  }

  @Test
  void startFailsCleanlyAndTheDataDirectoryCanBeReused() throws Exception {
    Path data = dir.resolve("dn1");
    DatanodeConfig good = config(data);
    var taken = vertx.createNetServer().connectHandler(s -> s.close()).listen(0, "127.0.0.1").await();
    JsonObject conf = new JsonObject(ConfigLoader.toJson(good)).put("port", taken.actualPort());
    Throwable busy = assertThrows(Throwable.class,
        () -> DatanodeServer.start(vertx, ConfigLoader.fromJson(conf.encode(), DatanodeConfig.class)).await());
    assertNotNull(busy.getMessage());

    JsonObject noSecret = new JsonObject(ConfigLoader.toJson(good)).put("secretFile", dir.resolve("none").toString());
    Throwable secret = assertThrows(Throwable.class,
        () -> DatanodeServer.start(vertx, ConfigLoader.fromJson(noSecret.encode(), DatanodeConfig.class)).await());
    assertTrue(secret.getMessage().contains("secret"), secret.getMessage());

    meta.admit();
    node = DatanodeServer.start(vertx, good).await();
    Await.until("joined", PATIENCE, node::joined);
    assertEquals("dn-1", node.nodeId());
    assertEquals("dn-1", new JsonObject(Files.readString(data.resolve("node.json"))).getString("nodeId"));
  }
}
