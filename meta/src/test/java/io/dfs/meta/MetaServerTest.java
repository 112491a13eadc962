package io.dfs.meta;

import static org.junit.jupiter.api.Assertions.*;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.dfs.common.config.ConfigLoader;
import io.dfs.common.config.MetaConfig;
import io.dfs.common.ids.BlockIds;
import io.dfs.common.error.DfsException;
import io.dfs.common.error.ErrorCode;
import io.dfs.common.http.JsonHttpClient;
import io.dfs.common.security.BlockOp;
import io.dfs.common.security.BlockTokenVerifier;
import io.dfs.common.security.BlockTokens;
import io.dfs.common.security.Principal;
import io.dfs.common.security.Roles;
import io.dfs.common.security.TokenVerifier;
import io.dfs.meta.testsupport.FakeDataNode;
import io.dfs.meta.testsupport.Http.Response;
import io.dfs.meta.testsupport.Http;
import io.dfs.meta.testsupport.TestAuth;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The meta server in-process against a stand-in auth server and three stand-in data nodes that
 * join and report blocks over the real discovery API: the client API of docs/PROTOCOL.md end to
 * end, bad input, and block reclamation over the block protocol.
 */
@Timeout(60)
class MetaServerTest {
  private static final String SECRET = "meta-service-secret";
  private static final long KIB = 1024;
  private static Vertx vertx;
  private static TestAuth auth;

  @TempDir
  Path dir;
  private MetaServer meta;
  private final Map<String, FakeDataNode> nodes = new LinkedHashMap<>();
  private String alice;
  private String bob;
  private String datanode;
  private String admin;

  @BeforeAll
  static void startAuth() {
    vertx = Vertx.vertx();
    auth = TestAuth.start(vertx, "meta", SECRET);
  }

  @AfterAll
  static void stopAuth() {
    if (auth != null) {
      auth.close();
    }
    vertx.close().await();
  }

  @BeforeEach
  void startCluster() throws Exception {
    alice = auth.token("alice", Roles.USER);
    bob = auth.token("bob", Roles.USER);
    datanode = auth.token("datanode-x", Roles.DATANODE);
    admin = auth.token("root", Roles.ADMIN);
    meta = MetaServer.start(vertx, config(new JsonObject())).await();
    for (int i = 1; i <= 3; i++) {
      FakeDataNode n = FakeDataNode.start(vertx, "node-" + i);
      nodes.put(n.id(), n);
      assertEquals(200, join(n, new JsonArray()).status());
    }
  }

  @AfterEach
  void stopCluster() {
    if (meta != null) {
      meta.stop().await();
    }
    nodes.values().forEach(FakeDataNode::close);
  }

  private MetaConfig config(JsonObject overrides) throws Exception {
    Path secret = dir.resolve("secret");
    Files.writeString(secret, SECRET + "\n");
    JsonObject conf = new JsonObject()
        .put("host", "127.0.0.1").put("clientPort", 0).put("discoveryPort", 0).put("heartbeatPort", 0)
        .put("dataDir", dir.resolve("meta").toString()).put("authUrl", auth.url())
        .put("secretFile", secret.toString())
        // Stand-in nodes send no heartbeats; they must not be evicted during a test.
        .put("heartbeatInterval", "1h")
        // Deletes here are checked as they reach the nodes, not after a reader's grace.
        .put("reclaimDelay", "0ms");
    return ConfigLoader.fromJson(conf.mergeIn(overrides).encode(), MetaConfig.class);
  }

  /** Restarts meta with these settings; the nodes join it again with nothing stored. */
  private void restartMeta(JsonObject overrides) throws Exception {
    meta.stop().await();
    meta = MetaServer.start(vertx, config(overrides)).await();
    for (FakeDataNode n : nodes.values()) {
      join(n, new JsonArray());
    }
  }

  private String client(String path) {
    return "http://127.0.0.1:" + meta.clientPort() + path;
  }

  private String discovery(String path) {
    return "http://127.0.0.1:" + meta.discoveryPort() + path;
  }

  /** Meta's block-token keys, as a data node loads them from the discovery port with its token. */
  private BlockTokenVerifier blockKeys() {
    JsonHttpClient http = new JsonHttpClient(vertx);
    try {
      return BlockTokenVerifier.fromMeta(vertx, http, discovery(""), () -> Future.succeededFuture(datanode)).await();
    } finally {
      http.close().await();
    }
  }

  /** A file answer with its block tokens taken out: tokens differ on every answer. */
  private static JsonObject withoutTokens(JsonObject file) {
    JsonObject copy = file.copy();
    copy.getJsonArray("blocks").forEach(b -> ((JsonObject) b).remove("blockToken"));
    return copy;
  }

  private static String seg(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private Response join(FakeDataNode n, JsonArray blocks) {
    return Http.post(discovery("/v1/nodes/join"), nodeToken(n.id()), n.joinBody(blocks));
  }

  /** The service token of data node {@code nodeId}: a node speaks for itself only. */
  private static String nodeToken(String nodeId) {
    return auth.token(nodeId, Roles.DATANODE);
  }

  private Response report(String nodeId, JsonArray received, JsonArray deleted) {
    return Http.post(discovery("/v1/nodes/" + nodeId + "/blocks"), nodeToken(nodeId),
        new JsonObject().put("received", received).put("deleted", deleted));
  }

  private Response create(String token, String name, long size) {
    return Http.post(client("/v1/files"), token, new JsonObject().put("name", name).put("size", size));
  }

  private static JsonObject block(String id, long length, long crc) {
    return new JsonObject().put("blockId", id).put("length", length).put("crc32c", crc);
  }

  /** A CRC per planned block (any values will do: meta compares what nodes report with the commit). */
  private static Map<String, Long> crcs(JsonObject plan) {
    Map<String, Long> crcs = new HashMap<>();
    for (Object o : plan.getJsonArray("blocks")) {
      String id = ((JsonObject) o).getString("blockId");
      crcs.put(id, Integer.toUnsignedLong(id.hashCode()) | 0x8000_0000L);
    }
    return crcs;
  }

  /** Each block's first {@code replicas} planned nodes report it received. */
  private void reportPlan(JsonObject plan, Map<String, Long> crcs, int from, int to) {
    Map<String, JsonArray> byNode = new HashMap<>();
    for (Object o : plan.getJsonArray("blocks")) {
      JsonObject b = (JsonObject) o;
      JsonArray planned = b.getJsonArray("nodes");
      for (int i = from; i < Math.min(to, planned.size()); i++) {
        byNode.computeIfAbsent(planned.getJsonObject(i).getString("node"), k -> new JsonArray())
            .add(block(b.getString("blockId"), b.getLong("length"), crcs.get(b.getString("blockId"))));
      }
    }
    byNode.forEach((node, received) -> {
      Response r = report(node, received, new JsonArray());
      assertEquals(200, r.status(), r.body());
      assertTrue(r.json().getJsonArray("delete").isEmpty(), "blocks of a pending file are owned");
    });
  }

  private static JsonObject commitBody(JsonObject plan, Map<String, Long> crcs) {
    JsonArray blocks = new JsonArray();
    for (Object o : plan.getJsonArray("blocks")) {
      JsonObject b = (JsonObject) o;
      blocks.add(block(b.getString("blockId"), b.getLong("length"), crcs.get(b.getString("blockId"))));
    }
    return new JsonObject().put("blocks", blocks);
  }

  private Response commit(String token, JsonObject plan, Map<String, Long> crcs) {
    return Http.post(client("/v1/files/" + plan.getString("fileId") + "/commit"), token, commitBody(plan, crcs));
  }

  /** Creates, reports on every planned node and commits; returns the committed file. */
  private JsonObject put(String token, String name, long size) {
    Response created = create(token, name, size);
    assertEquals(201, created.status(), created.body());
    JsonObject plan = created.json();
    Map<String, Long> crcs = crcs(plan);
    reportPlan(plan, crcs, 0, 3);
    Response committed = commit(token, plan, crcs);
    assertEquals(200, committed.status(), committed.body());
    return committed.json();
  }

  private static Set<String> blockIds(JsonObject file) {
    Set<String> ids = new HashSet<>();
    for (Object o : file.getJsonArray("blocks")) {
      ids.add(((JsonObject) o).getString("id"));
    }
    return ids;
  }

  private void assertError(Response r, int status, String code) {
    assertEquals(status, r.status(), r.body());
    assertTrue(r.contentType().startsWith("application/json"), r.contentType());
    assertEquals(code, r.error(), r.body());
    assertNotNull(r.json().getString("message"));
  }

  @Test
  void createReportCommitLookupListDelete() {
    Response created = create(alice, "docs/report.txt", 300 * KIB);
    assertEquals(201, created.status(), created.body());
    JsonObject plan = created.json();
    assertTrue(BlockIds.isCanonical(plan.getString("fileId")));
    assertEquals("docs/report.txt", plan.getString("name"));
    assertEquals(300 * KIB, plan.getLong("size"));
    assertEquals(128 * KIB, plan.getLong("blockSize"), "100 KiB minimum rounded up to 64 KiB");
    assertEquals(3, plan.getInteger("replication"));
    JsonArray blocks = plan.getJsonArray("blocks");
    assertEquals(3, blocks.size());
    long offset = 0;
    for (int i = 0; i < blocks.size(); i++) {
      JsonObject b = blocks.getJsonObject(i);
      assertEquals(i, b.getInteger("index"));
      assertEquals(offset, b.getLong("offset"));
      offset += b.getLong("length");
      JsonArray planned = b.getJsonArray("nodes");
      assertEquals(3, planned.size());
      Set<String> distinct = new HashSet<>();
      for (Object n : planned) {
        JsonObject a = (JsonObject) n;
        distinct.add(a.getString("node"));
        assertEquals("127.0.0.1", a.getString("host"));
        assertEquals(nodes.get(a.getString("node")).port(), a.getInteger("port"));
      }
      assertEquals(3, distinct.size());
      assertEquals("alice", blockKeys().check(b.getString("blockToken"), BlockOp.WRITE, List.of(b.getString("blockId")))
          .await(), "a write token for this block, issued to the caller");
    }
    assertEquals(300 * KIB, offset);
    assertEquals(1, blocks.stream().map(b -> ((JsonObject) b).getString("blockToken")).distinct().count(),
        "a file's blocks share a token, so a node checks it once for all of them");

    // Not visible before the commit.
    assertError(Http.get(client("/v1/files/" + plan.getString("fileId")), alice), 404, "not_found");
    assertEquals(0, Http.get(client("/v1/files"), alice).json().getJsonArray("files").size());

    Map<String, Long> crcs = crcs(plan);
    reportPlan(plan, crcs, 0, 3);
    Response committed = commit(alice, plan, crcs);
    assertEquals(200, committed.status(), committed.body());
    JsonObject file = committed.json();
    assertEquals(plan.getString("fileId"), file.getString("id"));
    assertTrue(file.getLong("createdAt") > 0);
    for (int i = 0; i < blocks.size(); i++) {
      JsonObject fb = file.getJsonArray("blocks").getJsonObject(i);
      JsonObject pb = blocks.getJsonObject(i);
      assertEquals(pb.getString("blockId"), fb.getString("id"));
      assertEquals(crcs.get(pb.getString("blockId")), fb.getLong("crc32c"));
      assertEquals(pb.getJsonArray("nodes"), fb.getJsonArray("replicas"), "live replicas in ring order");
    }

    Response byId = Http.get(client("/v1/files/" + file.getString("id")), alice);
    assertEquals(200, byId.status());
    assertEquals(withoutTokens(file), withoutTokens(byId.json()));
    for (Object o : byId.json().getJsonArray("blocks")) {
      JsonObject b = (JsonObject) o;
      List<String> id = List.of(b.getString("id"));
      assertEquals("alice", blockKeys().check(b.getString("blockToken"), BlockOp.READ, id).await());
      DfsException wrongOp = assertThrows(DfsException.class,
          () -> blockKeys().check(b.getString("blockToken"), BlockOp.WRITE, id).await());
      assertEquals(ErrorCode.FORBIDDEN, wrongOp.code(), "a read token opens no write");
    }
    assertEquals(1, byId.json().getJsonArray("blocks").stream()
        .map(b -> ((JsonObject) b).getString("blockToken")).distinct().count());
    Response byName = Http.get(client("/v1/files/" + seg("docs/report.txt")), alice);
    assertEquals(200, byName.status(), byName.body());
    assertEquals(withoutTokens(file), withoutTokens(byName.json()));
    JsonArray listed = Http.get(client("/v1/files"), alice).json().getJsonArray("files");
    assertEquals(1, listed.size());
    assertEquals(new JsonObject().put("id", file.getString("id")).put("name", "docs/report.txt")
        .put("size", 300 * KIB).put("blocks", 3).put("createdAt", file.getLong("createdAt")), listed.getJsonObject(0));

    // Bob sees none of it, exactly as if it did not exist.
    assertError(Http.get(client("/v1/files/" + file.getString("id")), bob), 404, "not_found");
    assertError(Http.get(client("/v1/files/" + seg("docs/report.txt")), bob), 404, "not_found");
    assertEquals(0, Http.get(client("/v1/files"), bob).json().getJsonArray("files").size());
    assertError(Http.delete(client("/v1/files/" + file.getString("id")), bob), 404, "not_found");
    assertError(Http.post(client("/v1/files/" + file.getString("id") + "/commit"), bob, commitBody(plan, crcs)),
        404, "not_found");
    // Naming alice's namespace is an admin's privilege; an admin sees her files with read tokens of his own.
    assertError(Http.get(client("/v1/files?owner=alice"), bob), 403, "forbidden");
    assertError(Http.get(client("/v1/files/" + file.getString("id") + "?owner=alice"), bob), 403, "forbidden");
    assertError(Http.get(client("/v1/files?owner=" + seg("../x")), admin), 400, "bad_request");
    assertEquals(1, Http.get(client("/v1/files?owner=alice"), admin).json().getJsonArray("files").size());
    JsonObject seen = Http.get(client("/v1/files/" + file.getString("id") + "?owner=alice"), admin).json();
    assertEquals(withoutTokens(file), withoutTokens(seen));
    JsonObject first = seen.getJsonArray("blocks").getJsonObject(0);
    assertEquals("root", blockKeys().check(first.getString("blockToken"), BlockOp.READ,
        List.of(first.getString("id"))).await());

    Response deleted = Http.delete(client("/v1/files/" + seg("docs/report.txt")), alice);
    assertEquals(200, deleted.status(), deleted.body());
    assertEquals(new JsonObject().put("id", file.getString("id")).put("name", "docs/report.txt").put("deleted", true),
        deleted.json());
    assertError(Http.get(client("/v1/files/" + file.getString("id")), alice), 404, "not_found");
    assertError(Http.delete(client("/v1/files/" + file.getString("id")), alice), 404, "not_found");
    awaitDeletedEverywhere(blockIds(file));
  }

  /** Every node was sent DELETE_BLOCKS for these blocks, with a valid token of role meta. */
  private void awaitDeletedEverywhere(Set<String> ids) {
    Http.await("DELETE_BLOCKS on every node", Duration.ofSeconds(10),
        () -> nodes.values().stream().allMatch(n -> n.deleted().containsAll(ids)));
    TokenVerifier verifier = auth.verifier().await();
    for (FakeDataNode n : nodes.values()) {
      for (String token : n.deleteTokens()) {
        Principal p = verifier.verify(token).await();
        assertEquals("meta", p.subject());
        assertTrue(p.hasRole(Roles.META));
      }
    }
  }

  @Test
  void aSecondCommitOfTheSameNameReplacesTheFirstAndReclaimsItsBlocks() {
    JsonObject first = put(alice, "same-name", 200 * KIB);
    JsonObject other = put(bob, "same-name", 10);
    JsonObject second = put(alice, "same-name", 10);
    assertNotEquals(first.getString("id"), second.getString("id"));
    assertEquals(second.getString("id"),
        Http.get(client("/v1/files/same-name"), alice).json().getString("id"));
    assertError(Http.get(client("/v1/files/" + first.getString("id")), alice), 404, "not_found");
    assertEquals(1, Http.get(client("/v1/files"), alice).json().getJsonArray("files").size());
    assertEquals(other.getString("id"), Http.get(client("/v1/files/same-name"), bob).json().getString("id"));
    awaitDeletedEverywhere(blockIds(first));
    for (FakeDataNode n : nodes.values()) {
      assertTrue(n.deleted().stream().noneMatch(blockIds(second)::contains), "live blocks are never deleted");
    }

    // A node that comes back with a replica of the replaced file is told to delete it.
    String oldBlock = blockIds(first).iterator().next();
    String liveBlock = blockIds(second).iterator().next();
    JsonArray report = new JsonArray().add(block(oldBlock, 1, 1)).add(block(liveBlock, 10, 1));
    Response rejoin = join(nodes.get("node-1"), report);
    assertEquals(new JsonArray().add(oldBlock), rejoin.json().getJsonArray("delete"));
  }

  @Test
  void aReplicaOfGarbageReportedDuringTheReclaimDelayIsDeletedWithTheOthers() throws Exception {
    restartMeta(new JsonObject().put("reclaimDelay", "2s"));
    JsonObject file = put(alice, "short-lived", 10);
    assertEquals(200, Http.delete(client("/v1/files/short-lived"), alice).status());
    // The three holders go into the block's garbage entry; node-4's replica, reported after the
    // delete, only into the replica map. Both must be deleted.
    String blockId = blockIds(file).iterator().next();
    FakeDataNode late = FakeDataNode.start(vertx, "node-4");
    nodes.put(late.id(), late);
    Response joined = join(late, new JsonArray().add(block(blockId, 10, 1)));
    assertTrue(joined.json().getJsonArray("delete").isEmpty(), "garbage not yet due is kept for readers");
    awaitDeletedEverywhere(Set.of(blockId));
  }

  @Test
  void commitWaitsForReplicaReportsAndRefusesWithoutEnough() throws Exception {
    Response created = create(alice, "slow", 150 * KIB);
    JsonObject plan = created.json();
    Map<String, Long> crcs = crcs(plan);
    reportPlan(plan, crcs, 0, 1);
    long start = System.nanoTime();
    assertError(commit(alice, plan, crcs), 409, "conflict");
    assertTrue(System.nanoTime() - start >= 4_000_000_000L, "the commit waited for reports first");

    // Reports arriving while the commit waits let it through.
    CompletableFuture<Response> pending = Http.sendAsync("POST",
        client("/v1/files/" + plan.getString("fileId") + "/commit"), alice, commitBody(plan, crcs).encode());
    Thread.sleep(200);
    assertFalse(pending.isDone());
    reportPlan(plan, crcs, 1, 2);
    Response done = pending.get();
    assertEquals(200, done.status(), done.body());
    assertEquals(2, done.json().getJsonArray("blocks").getJsonObject(0).getJsonArray("replicas").size());

    // Retrying the same commit is harmless; a different checksum is a conflict.
    assertEquals(200, commit(alice, plan, crcs).status());
    Map<String, Long> other = new HashMap<>(crcs);
    other.replaceAll((k, v) -> v ^ 1);
    assertError(commit(alice, plan, other), 409, "conflict");
  }

  @Test
  void commitThatDiffersFromThePlanIsAConflictAtOnce() {
    JsonObject plan = create(alice, "planned", 10).json();
    Map<String, Long> crcs = crcs(plan);
    JsonObject body = commitBody(plan, crcs);
    body.getJsonArray("blocks").getJsonObject(0).put("length", 11);
    assertError(Http.post(client("/v1/files/" + plan.getString("fileId") + "/commit"), alice, body), 409, "conflict");
    JsonObject wrongId = commitBody(plan, crcs);
    wrongId.getJsonArray("blocks").getJsonObject(0).put("blockId", BlockIds.newId());
    assertError(Http.post(client("/v1/files/" + plan.getString("fileId") + "/commit"), alice, wrongId), 409, "conflict");
    assertError(Http.post(client("/v1/files/" + plan.getString("fileId") + "/commit"), alice,
        new JsonObject().put("blocks", new JsonArray())), 409, "conflict");
  }

  @Test
  void emptyFileHasNoBlocksAndCommitsAtOnce() {
    JsonObject plan = create(alice, "empty", 0).json();
    assertEquals(0, plan.getJsonArray("blocks").size());
    Response done = commit(alice, plan, Map.of());
    assertEquals(200, done.status(), done.body());
    assertEquals(0, done.json().getLong("size"));
    assertEquals(200, Http.get(client("/v1/files/empty"), alice).status());
  }

  @Test
  void badRequestsGetJsonErrorsAndChangeNothing() {
    String files = client("/v1/files");
    assertError(Http.get(files, null), 401, "invalid_token");
    assertError(Http.get(files, "garbage"), 401, "invalid_token");
    assertError(Http.get(files, "a.b.c"), 401, "invalid_token");
    assertError(Http.get(client("/api/v1/cluster"), null), 401, "invalid_token");
    assertError(Http.get(client("/api/v1/cluster"), alice), 403, "forbidden");
    assertError(Http.get(files, datanode), 403, "forbidden");
    assertError(Http.post(discovery("/v1/nodes/join"), alice, nodes.get("node-1").joinBody(new JsonArray())),
        403, "forbidden");
    assertError(Http.post(discovery("/v1/nodes/join"), null, new JsonObject()), 401, "invalid_token");

    for (String name : new String[] {"a\u0000b", "..", "/", "a/../b", "/abs", "x/", "a//b", "", "x".repeat(10_000),
        BlockIds.newId()}) {
      assertError(create(alice, name, 1), 400, "invalid_name");
    }
    assertError(Http.post(files, alice, new JsonObject().put("size", 1)), 400, "invalid_name");
    assertError(Http.post(files, alice, new JsonObject().put("name", 5).put("size", 1)), 400, "invalid_name");
    assertError(create(alice, "neg", -1), 400, "bad_request");
    assertError(create(alice, "huge", (1L << 40) + 1), 400, "bad_request");
    assertError(Http.send("POST", files, alice, "{\"name\":\"big\",\"size\":1e30}"), 400, "bad_request");
    assertError(Http.send("POST", files, alice, "{\"name\":\"big\",\"size\":123456789012345678901234567890}"),
        400, "bad_request");
    assertError(Http.post(files, alice, new JsonObject().put("name", "s").put("size", "12")), 400, "bad_request");
    assertError(Http.post(files, alice, new JsonObject().put("name", "f").put("size", 1.5)), 400, "bad_request");
    assertError(Http.post(files, alice, new JsonObject().put("name", "r").put("size", 1).put("replication", 0)),
        400, "bad_request");
    assertError(Http.post(files, alice, new JsonObject().put("name", "r").put("size", 1).put("replication", 11)),
        400, "bad_request");
    assertError(Http.send("POST", files, alice, "{not json"), 400, "bad_request");
    assertError(Http.send("POST", files, alice, "[1,2]"), 400, "bad_request");
    assertError(Http.send("POST", files, alice, ""), 400, "bad_request");
    String big = new JsonObject().put("name", "big").put("size", 1).put("pad", "x".repeat(1_100_000)).encode();
    assertError(Http.send("POST", files, alice, big), 413, "too_large");

    assertError(Http.post(client("/v1/files/not-a-uuid/commit"), alice, new JsonObject().put("blocks", new JsonArray())),
        404, "not_found");
    assertError(Http.post(client("/v1/files/" + BlockIds.newId() + "/commit"), alice,
        new JsonObject().put("blocks", new JsonArray())), 404, "not_found");
    String fileId = create(alice, "c", 10).json().getString("fileId");
    assertError(Http.post(client("/v1/files/" + fileId + "/commit"), alice,
        new JsonObject().put("blocks", new JsonArray().add(block("nope", 10, 1)))), 400, "invalid_block_id");
    assertError(Http.post(client("/v1/files/" + fileId + "/commit"), alice,
        new JsonObject().put("blocks", new JsonArray().add(block(BlockIds.newId(), 10, 1L << 32)))), 400, "bad_request");
    assertError(Http.post(client("/v1/files/" + fileId + "/commit"), alice, new JsonObject()), 400, "bad_request");
    assertError(Http.get(client("/v1/nothing-here"), alice), 404, "not_found");

    FakeDataNode n1 = nodes.get("node-1");
    String n1Token = nodeToken("node-1");
    assertError(Http.post(discovery("/v1/nodes/join"), n1Token, n1.joinBody(new JsonArray()).put("nodeId", "bad id")),
        400, "bad_request");
    assertError(Http.post(discovery("/v1/nodes/join"), n1Token, n1.joinBody(new JsonArray()).put("port", 0)),
        400, "bad_request");
    assertError(Http.post(discovery("/v1/nodes/join"), n1Token,
        n1.joinBody(new JsonArray().add(block(BlockIds.newId(), 1, -1)))), 400, "bad_request");
    assertError(Http.post(discovery("/v1/nodes/join"), n1Token,
        n1.joinBody(new JsonArray().add(block("../../etc", 1, 1)))), 400, "invalid_block_id");
    assertError(report("never-joined", new JsonArray(), new JsonArray()), 409, "conflict");
    assertError(Http.send("POST", discovery("/v1/nodes/node-1/blocks"), n1Token, "{"), 400, "bad_request");
    // One node's account cannot join or report as another node.
    assertError(Http.post(discovery("/v1/nodes/join"), nodeToken("node-2"), n1.joinBody(new JsonArray())),
        403, "forbidden");
    assertError(Http.post(discovery("/v1/nodes/node-1/blocks"), nodeToken("node-2"),
        new JsonObject().put("received", new JsonArray()).put("deleted", new JsonArray())), 403, "forbidden");
    // Nor can a second process claim a live node's id from another address.
    assertError(Http.post(discovery("/v1/nodes/join"), n1Token, n1.joinBody(new JsonArray()).put("port", 1)),
        409, "conflict");

    // Nothing was created by any of that, and the server still serves.
    assertEquals(0, Http.get(files, alice).json().getJsonArray("files").size());
    assertEquals(200, Http.get(client("/health"), null).status());
    assertEquals(3, Http.get(client("/api/v1/cluster"), admin).json().getInteger("liveNodes"));
    put(alice, "after/the/storm", 5);
  }

  @Test
  void tooFewLiveNodesIsUnavailable() throws Exception {
    meta.stop().await();
    meta = MetaServer.start(vertx, config(new JsonObject())).await();
    assertError(create(alice, "f", 10), 503, "unavailable");
    join(nodes.get("node-1"), new JsonArray());
    assertError(create(alice, "f", 10), 503, "unavailable");
    Response one = Http.post(client("/v1/files"), alice,
        new JsonObject().put("name", "f").put("size", 10).put("replication", 1));
    assertEquals(201, one.status(), one.body());
    assertEquals(1, one.json().getJsonArray("blocks").getJsonObject(0).getJsonArray("nodes").size());
    join(nodes.get("node-2"), new JsonArray());
    JsonObject two = create(alice, "g", 10).json();
    assertEquals(2, two.getJsonArray("blocks").getJsonObject(0).getJsonArray("nodes").size(),
        "replication 3 on 2 live nodes uses both");
  }

  @Test
  void joinAndReportsAnswerWhichReplicasToDelete() {
    JsonObject plan = create(alice, "pending-one", 10).json();
    String pendingBlock = plan.getJsonArray("blocks").getJsonObject(0).getString("blockId");
    String stray = BlockIds.newId();
    Response joined = join(nodes.get("node-1"),
        new JsonArray().add(block(stray, 5, 5)).add(block(pendingBlock, 10, 7)));
    assertEquals(200, joined.status(), joined.body());
    JsonObject answer = joined.json();
    assertEquals(new JsonArray().add(stray), answer.getJsonArray("delete"));
    assertEquals(3_600_000L, answer.getLong("heartbeatIntervalMs"));
    assertEquals(meta.heartbeatPort(), answer.getInteger("heartbeatPort"));
    assertEquals(32, Base64.getDecoder().decode(answer.getString("heartbeatKey")).length);

    String stray2 = BlockIds.newId();
    Response r = report("node-2", new JsonArray().add(block(stray2, 1, 1)).add(block(pendingBlock, 10, 7)),
        new JsonArray().add(BlockIds.newId()));
    assertEquals(200, r.status(), r.body());
    assertEquals(new JsonArray().add(stray2), r.json().getJsonArray("delete"));
  }

  @Test
  void clusterStateAndStatusPage() {
    JsonObject file = put(alice, "c1", 150 * KIB);
    JsonObject cluster = Http.get(client("/api/v1/cluster"), admin).json();
    assertEquals(3, cluster.getInteger("liveNodes"));
    assertEquals(1, cluster.getLong("files"));
    assertEquals(0, cluster.getLong("underReplicatedBlocks"));
    assertEquals(0, cluster.getLong("missingBlocks"));
    JsonArray list = cluster.getJsonArray("nodes");
    assertEquals(3, list.size());
    JsonObject n1 = list.getJsonObject(0);
    assertEquals("node-1", n1.getString("id"));
    assertEquals("127.0.0.1:" + nodes.get("node-1").port(), n1.getString("address"));
    assertEquals("live", n1.getString("state"));
    assertEquals(1L << 40, n1.getLong("capacityBytes"));
    for (String key : new String[] {"usedBytes", "blocks", "lastHeartbeatAgeMs"}) {
      assertTrue(n1.containsKey(key), key);
    }
    // The summary the status page's tiles show: capacity and use of the live nodes.
    assertEquals(0, cluster.getInteger("deadNodes"));
    assertEquals(file.getJsonArray("blocks").size(), cluster.getLong("blocks"));
    assertEquals(3L << 40, cluster.getLong("capacityBytes"));
    long used = list.stream().mapToLong(n -> ((JsonObject) n).getLong("usedBytes")).sum();
    assertEquals(used, cluster.getLong("usedBytes"));

    // A node rejoining without its replicas leaves the file's blocks with 2 of 3.
    join(nodes.get("node-3"), new JsonArray());
    Http.await("under-replication to show", Duration.ofSeconds(5),
        () -> Http.get(client("/api/v1/cluster"), admin).json().getLong("underReplicatedBlocks")
            == file.getJsonArray("blocks").size());

    // The page's data is the admin-only cluster view under another name, guarded alike.
    Response status = Http.get(client("/status.json"), admin);
    assertEquals(200, status.status(), status.body());
    JsonObject sameView = Http.get(client("/api/v1/cluster"), admin).json();
    assertEquals(sameView.fieldNames(), status.json().fieldNames());
    assertEquals(sameView.getJsonArray("nodes").stream().map(n -> ((JsonObject) n).getString("id")).toList(),
        status.json().getJsonArray("nodes").stream().map(n -> ((JsonObject) n).getString("id")).toList());
    for (String path : List.of("/status.json", "/api/v1/cluster")) {
      assertError(Http.get(client(path), null), 401, "invalid_token");
      assertError(Http.get(client(path), "not-a-token"), 401, "invalid_token");
      assertError(Http.get(client(path), alice), 403, "forbidden");
    }
    assertEquals(401, Http.get(client("/metrics"), null).status(), "metrics need a token");
    assertEquals(403, Http.get(client("/metrics"), alice).status(), "a user's token does not read metrics");
    Response metrics = Http.get(client("/metrics"), auth.token("prometheus", Roles.METRICS));
    assertEquals(200, metrics.status());
    assertTrue(metrics.body().contains("dfs_meta_nodes{state=\"live\"} 3.0"), metrics.body());
  }

  @Test
  void theStatusPageIsPublicStaticFilesThatOnlyTalkToTheirOwnOrigin() {
    Response page = Http.get(client("/"), null);
    assertEquals(200, page.status());
    assertTrue(page.contentType().startsWith("text/html"), page.contentType());
    assertTrue(page.body().contains("<meta name=\"viewport\""), "readable on a phone");
    assertTrue(page.body().contains("id=\"login-form\"") && page.body().contains("type=\"password\""),
        "the page signs in with a user name and password");
    assertTrue(page.body().contains("<script src=\"status.js\""));
    for (String path : List.of("/status.js", "/status.css", "/index.html")) {
      Response file = Http.get(client(path), null);
      assertEquals(200, file.status(), path);
      assertFalse(file.body().contains("http://") || file.body().contains("https://"), path + " loads nothing from elsewhere");
      assertFalse(file.body().contains("innerHTML"), path + " never parses data as markup");
    }
    assertTrue(Http.get(client("/status.js"), null).contentType().contains("javascript"));
    Response script = Http.get(client("/status.js"), null);
    assertTrue(script.body().contains("sessionStorage"), "the token lives in the tab only");
    assertTrue(script.body().contains("\"Authorization\": \"Bearer \" + token"), "the token goes as a bearer header");
    assertTrue(script.body().contains("api/v1/login") && script.body().contains("api/v1/events"));

    String policy = page.header("Content-Security-Policy");
    assertTrue(policy.contains("default-src 'none'") && policy.contains("script-src 'self'")
        && policy.contains("connect-src 'self'"), policy);
    assertEquals("nosniff", page.header("X-Content-Type-Options"));
    assertError(Http.get(client("/no-such-file.js"), null), 404, "not_found");
    assertError(Http.get(client("/../../etc/passwd"), null), 404, "not_found");
  }

  @Test
  void theStatusPageLogsInThroughAuthNamingTheCallersAddress() {
    auth.addUser("carol", "carol-pw", Roles.ADMIN);
    auth.addThrottledUser("dave", "dave-pw", "7", Roles.USER);
    Response ok = Http.post(client("/api/v1/login"), null, new JsonObject().put("username", "carol").put("password", "carol-pw"));
    assertEquals(200, ok.status(), ok.body());
    String token = ok.json().getString("token");
    assertEquals(200, Http.get(client("/api/v1/cluster"), token).status(), "the token is carol's admin token");
    // Auth learns who is logging in and from where, and that meta vouches for the address.
    assertEquals("127.0.0.1", auth.lastLoginHeaders().get("X-Forwarded-For"));
    String bearer = auth.lastLoginHeaders().get("Authorization");
    assertTrue(bearer != null && bearer.startsWith("Bearer "), "meta shows its own token");
    Principal forwarder = auth.verifier().compose(v -> v.verify(bearer.substring(7))).await();
    assertEquals("meta", forwarder.subject());
    assertTrue(forwarder.hasRole(Roles.META));

    // Auth's refusals come back as auth gave them, Retry-After included.
    assertError(Http.post(client("/api/v1/login"), null, new JsonObject().put("username", "carol").put("password", "no")),
        401, "bad_credentials");
    Response limited = Http.post(client("/api/v1/login"), null,
        new JsonObject().put("username", "dave").put("password", "guess"));
    assertError(limited, 429, "rate_limited");
    assertEquals("7", limited.header("Retry-After"));

    // Bad requests stop at meta; service accounts do not log in here.
    int before = auth.logins();
    assertError(Http.post(client("/api/v1/login"), null, new JsonObject().put("username", "carol")), 400, "bad_request");
    assertError(Http.post(client("/api/v1/login"), null, new JsonObject().put("nodeId", "meta").put("secret", SECRET)),
        400, "bad_request");
    assertError(Http.post(client("/api/v1/login"), null, "not json"), 400, "bad_request");
    assertError(Http.post(client("/api/v1/login"), null,
        new JsonObject().put("username", "carol").put("password", "x".repeat(20_000))), 413, "too_large");
    assertEquals(before, auth.logins());
    assertError(Http.get(client("/api/v1/login"), null), 401, "invalid_token");
  }

  @Test
  void theEventsApiListsJoinsAndBadReplicasNewerThanSinceToAdminsOnly() {
    JsonObject first = Http.get(client("/api/v1/events"), admin).json();
    JsonArray joined = first.getJsonArray("events");
    assertEquals(List.of("node_joined", "node_joined", "node_joined"),
        joined.stream().map(e -> ((JsonObject) e).getString("kind")).toList());
    assertEquals(List.of("node-1", "node-2", "node-3"),
        joined.stream().map(e -> ((JsonObject) e).getJsonObject("fields").getString("node")).toList());
    JsonObject one = joined.getJsonObject(0);
    assertEquals(Set.of("seq", "time", "kind", "message", "fields"), one.fieldNames());
    assertEquals("127.0.0.1:" + nodes.get("node-1").port(), one.getJsonObject("fields").getString("address"));
    long last = first.getLong("lastSeq");
    assertEquals(joined.getJsonObject(2).getLong("seq"), last);
    assertEquals(0, first.getLong("missed"));
    assertEquals(1000, first.getInteger("capacity"));
    JsonObject none = Http.get(client("/api/v1/events?since=" + last), admin).json();
    assertEquals(0, none.getJsonArray("events").size());
    assertEquals(first.getString("boot"), none.getString("boot"), "one meta, one boot: a reader knows it did not restart");

    // node-3 restarts and joins again while still live; a reader of bad replicas learns what meta did.
    join(nodes.get("node-3"), new JsonArray());
    JsonObject file = put(alice, "ev", 150 * KIB);
    String blockId = file.getJsonArray("blocks").getJsonObject(0).getString("id");
    String holder = file.getJsonArray("blocks").getJsonObject(0).getJsonArray("replicas").getJsonObject(0)
        .getString("node");
    assertEquals(200, Http.post(client("/v1/blocks/" + blockId + "/bad"), alice,
        new JsonObject().put("node", holder).put("reason", "checksum mismatch")).status());
    Http.await("the bad replica event", Duration.ofSeconds(10), () -> Http.get(client("/api/v1/events?since=" + last),
        admin).json().getJsonArray("events").size() == 2);
    JsonArray newer = Http.get(client("/api/v1/events?since=" + last), admin).json().getJsonArray("events");
    assertEquals("node_rejoined", newer.getJsonObject(0).getString("kind"));
    assertEquals("node-3", newer.getJsonObject(0).getJsonObject("fields").getString("node"));
    JsonObject bad = newer.getJsonObject(1);
    assertEquals("corrupt_replica", bad.getString("kind"));
    assertEquals(new JsonObject().put("block", blockId).put("node", holder).put("reason", "checksum mismatch")
        .put("action", "replaced"), bad.getJsonObject("fields"));
    assertEquals(last + 1, newer.getJsonObject(0).getLong("seq"));

    for (String since : List.of("-1", "abc", "", "1.5", "99999999999999999999", "1&since=2")) {
      assertError(Http.get(client("/api/v1/events?since=" + since), admin), 400, "bad_request");
    }
    assertError(Http.get(client("/api/v1/events"), null), 401, "invalid_token");
    assertError(Http.get(client("/api/v1/events"), "not-a-token"), 401, "invalid_token");
    assertError(Http.get(client("/api/v1/events"), alice), 403, "forbidden");
    assertError(Http.get(client("/api/v1/events"), datanode), 403, "forbidden");
  }

  @Test
  void blockKeysGoToDataNodesOnTheDiscoveryPortOnly() {
    Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    root.addAppender(lines);
    Response keys;
    try {
      // The secret signs block tokens: the client port, open to users, does not have it at all.
      assertError(Http.get(client(BlockTokens.KEYS_PATH), null), 404, "not_found");
      assertError(Http.get(client(BlockTokens.KEYS_PATH), datanode), 404, "not_found");
      String path = discovery(BlockTokens.KEYS_PATH);
      assertError(Http.get(path, null), 401, "invalid_token");
      assertError(Http.get(path, "garbage"), 401, "invalid_token");
      assertError(Http.get(path, alice), 403, "forbidden");
      assertError(Http.get(path, admin), 403, "forbidden");
      assertError(Http.get(path, auth.token("meta", Roles.META)), 403, "forbidden");
      keys = Http.get(path, datanode);
    } finally {
      root.detachAppender(lines);
    }
    assertEquals(200, keys.status(), keys.body());
    JsonArray jwks = keys.json().getJsonArray("keys");
    assertEquals(1, jwks.size());
    JsonObject jwk = jwks.getJsonObject(0);
    assertEquals("oct", jwk.getString("kty"));
    assertEquals("HS256", jwk.getString("alg"));
    assertNotNull(jwk.getString("kid"));
    String secret = jwk.getString("k");
    assertEquals(32, Base64.getUrlDecoder().decode(secret).length, "a 256-bit secret");
    for (ILoggingEvent line : lines.list) {
      assertFalse(line.getFormattedMessage().contains(secret), "the secret is never logged");
    }
  }

  @Test
  void healthAndReadinessOnBothPorts() {
    for (String base : List.of(client(""), discovery(""))) {
      Response h = Http.get(base + "/health", null);
      assertEquals(200, h.status());
      assertEquals("up", h.json().getString("status"));
      Response r = Http.get(base + "/ready", null);
      assertEquals(200, r.status());
      assertEquals("ready", r.json().getString("status"));
    }
  }

  @Test
  void committedFilesSurviveARestartAndReplicasComeBackWithJoins() throws Exception {
    JsonObject file = put(alice, "durable", 10);
    meta.stop().await();
    meta = MetaServer.start(vertx, config(new JsonObject())).await();
    Response after = Http.get(client("/v1/files/durable"), alice);
    assertEquals(200, after.status(), after.body());
    assertEquals(file.getString("id"), after.json().getString("id"));
    assertTrue(after.json().getJsonArray("blocks").getJsonObject(0).getJsonArray("replicas").isEmpty(),
        "no node has joined the new meta yet");
    JsonObject b = file.getJsonArray("blocks").getJsonObject(0);
    for (FakeDataNode n : nodes.values()) {
      Response j = join(n, new JsonArray().add(block(b.getString("id"), b.getLong("length"), b.getLong("crc32c"))));
      assertTrue(j.json().getJsonArray("delete").isEmpty());
    }
    assertEquals(withoutTokens(file), withoutTokens(Http.get(client("/v1/files/durable"), alice).json()));
  }

  @Test
  void startFailsWhenTheSecretFileIsMissing() throws Exception {
    MetaConfig broken = config(new JsonObject().put("secretFile", dir.resolve("absent").toString())
        .put("dataDir", dir.resolve("other").toString()));
    Throwable e = assertThrows(Throwable.class, () -> MetaServer.start(vertx, broken).await());
    assertTrue(e.getMessage().contains("absent"), e.getMessage());
  }

  @Test
  void pendingFilesExpireAndTheirBlocksAreReclaimed() throws Exception {
    restartMeta(new JsonObject().put("pendingExpiry", "300ms"));
    JsonObject plan = create(alice, "abandoned", 10).json();
    Map<String, Long> crcs = crcs(plan);
    reportPlan(plan, crcs, 0, 3);
    String blockId = plan.getJsonArray("blocks").getJsonObject(0).getString("blockId");
    awaitDeletedEverywhere(Set.of(blockId));
    assertError(commit(alice, plan, crcs), 404, "not_found");

    // The status page's event list says what happened, naming the file.
    List<JsonObject> expiries = Http.get(client("/api/v1/events"), admin).json().getJsonArray("events").stream()
        .map(e -> (JsonObject) e).filter(e -> e.getString("kind").equals("pending_expired")).toList();
    assertEquals(1, expiries.size(), expiries.toString());
    JsonObject fields = expiries.get(0).getJsonObject("fields");
    assertEquals(1, fields.getInteger("files"));
    assertEquals(1, fields.getInteger("blocks"));
    assertEquals(new JsonObject().put("owner", "alice").put("name", "abandoned").put("id", plan.getString("fileId")),
        fields.getJsonArray("names").getJsonObject(0));
    assertTrue(expiries.get(0).getString("message").contains("alice:abandoned"), expiries.get(0).getString("message"));
  }

  @Test
  void closingVertxReleasesTheStoreForTheNextStart() throws Exception {
    MetaConfig own = config(new JsonObject().put("dataDir", dir.resolve("own").toString()));
    for (int i = 0; i < 2; i++) {
      Vertx separate = Vertx.vertx();
      try {
        MetaServer m = MetaServer.start(separate, own).await();
        assertEquals(200, Http.get("http://127.0.0.1:" + m.clientPort() + "/ready", null).status());
      } finally {
        separate.close().await();
      }
    }
  }
}
