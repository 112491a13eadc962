package io.dfs.cli.testsupport;

import io.dfs.cli.client.NodeAddress;
import io.dfs.common.wire.Crc32c;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Auth's token endpoint and meta's client API as docs/PROTOCOL.md fixes them, kept in memory, on
 * 127.0.0.1 and an ephemeral port. Plans put every block on the given data nodes (primary first);
 * lookups answer {@link #readOrder} as every block's replicas when set, else the same nodes. Records
 * each request's raw URI for the tests.
 */
public final class StubMetaServer implements AutoCloseable {
  private final Map<String, String> passwords = new ConcurrentHashMap<>();
  private final Map<String, JsonObject> pending = new ConcurrentHashMap<>();
  private final Map<String, JsonObject> committed = new ConcurrentHashMap<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final List<NodeAddress> nodes;
  private final long blockSize;
  private final Map<String, Buffer> disk;
  private final HttpServer server;
  private volatile List<NodeAddress> readOrder;

  private StubMetaServer(Vertx vertx, List<NodeAddress> nodes, long blockSize, Map<String, Buffer> disk) {
    this.nodes = List.copyOf(nodes);
    this.blockSize = blockSize;
    this.disk = disk;
    Router router = Router.router(vertx);
    router.route().handler(ctx -> {
      requests.add(ctx.request().method() + " " + ctx.request().uri());
      ctx.next();
    });
    router.route().handler(BodyHandler.create(false));
    router.post("/v1/token").handler(this::token);
    router.route("/v1/*").handler(this::requireToken);
    router.route("/api/*").handler(this::requireToken);
    router.post("/v1/files").handler(this::create);
    router.post("/v1/files/:id/commit").handler(this::commit);
    router.get("/v1/files").handler(this::list);
    router.get("/v1/files/:ref").handler(this::lookup);
    router.delete("/v1/files/:ref").handler(this::delete);
    router.get("/api/v1/cluster").handler(this::cluster);
    this.server = vertx.createHttpServer().requestHandler(router);
  }

  /** Serves on 127.0.0.1; {@code disk} is the block map the data node stand-ins share. */
  public static StubMetaServer start(Vertx vertx, List<NodeAddress> nodes, long blockSize, Map<String, Buffer> disk) {
    StubMetaServer s = new StubMetaServer(vertx, nodes, blockSize, disk);
    s.server.listen(0, "127.0.0.1").await();
    return s;
  }

  public String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  public StubMetaServer user(String name, String password) {
    passwords.put(name, password);
    return this;
  }

  /** Every block's replicas in lookups, in this order; null for the nodes of the plan. */
  public void readOrder(List<NodeAddress> order) {
    this.readOrder = order;
  }

  public List<String> requests() {
    return requests;
  }

  private void token(RoutingContext ctx) {
    JsonObject body = ctx.body().asJsonObject();
    String user = body.getString("username");
    if (user == null || !body.getString("password", "").equals(passwords.get(user))) {
      error(ctx, 401, "bad_credentials", "wrong user name or password");
      return;
    }
    ctx.json(new JsonObject().put("token", "token-of-" + user).put("expiresIn", 900));
  }

  private void requireToken(RoutingContext ctx) {
    String auth = ctx.request().getHeader("Authorization");
    if (auth == null || !auth.startsWith("Bearer token-of-")) {
      error(ctx, 401, "invalid_token", "token refused");
      return;
    }
    ctx.next();
  }

  private void create(RoutingContext ctx) {
    JsonObject body = ctx.body().asJsonObject();
    long size = body.getLong("size");
    String fileId = UUID.randomUUID().toString();
    JsonArray blocks = new JsonArray();
    int index = 0;
    for (long offset = 0; offset < size; offset += blockSize) {
      List<NodeAddress> placement = new ArrayList<>();
      for (int i = 0; i < nodes.size(); i++) {
        placement.add(nodes.get((index + i) % nodes.size()));
      }
      JsonArray addresses = new JsonArray();
      placement.forEach(n -> addresses.add(n.toJson()));
      blocks.add(new JsonObject().put("blockId", UUID.randomUUID().toString()).put("index", index++)
          .put("offset", offset).put("length", Math.min(blockSize, size - offset)).put("nodes", addresses)
          .put("blockToken", (String) null));
    }
    JsonObject plan = new JsonObject().put("fileId", fileId).put("name", body.getString("name")).put("size", size)
        .put("blockSize", blockSize).put("replication", nodes.size()).put("blocks", blocks);
    pending.put(fileId, plan);
    ctx.response().setStatusCode(201);
    ctx.json(plan);
  }

  private void commit(RoutingContext ctx) {
    JsonObject plan = pending.remove(ctx.pathParam("id"));
    if (plan == null) {
      error(ctx, 404, "not_found", "no such pending file");
      return;
    }
    JsonArray sent = ctx.body().asJsonObject().getJsonArray("blocks");
    JsonArray planned = plan.getJsonArray("blocks");
    JsonArray blocks = new JsonArray();
    for (int i = 0; i < planned.size(); i++) {
      JsonObject p = planned.getJsonObject(i);
      JsonObject s = sent.getJsonObject(i);
      Buffer stored = disk.get(p.getString("blockId"));
      if (!p.getString("blockId").equals(s.getString("blockId")) || stored == null
          || stored.length() != s.getLong("length") || Crc32c.unsigned(Crc32c.of(stored)) != s.getLong("crc32c")) {
        error(ctx, 409, "conflict", "block " + p.getString("blockId") + " does not match");
        return;
      }
      blocks.add(new JsonObject().put("id", p.getString("blockId")).put("offset", p.getLong("offset"))
          .put("length", s.getLong("length")).put("crc32c", s.getLong("crc32c")).put("replicas", p.getJsonArray("nodes")));
    }
    JsonObject file = new JsonObject().put("id", plan.getString("fileId")).put("name", plan.getString("name"))
        .put("size", plan.getLong("size")).put("blockSize", blockSize).put("replication", nodes.size())
        .put("createdAt", System.currentTimeMillis()).put("blocks", blocks);
    committed.values().removeIf(f -> f.getString("name").equals(file.getString("name")));
    committed.put(file.getString("id"), file);
    ctx.json(file);
  }

  private JsonObject find(String ref) {
    JsonObject byId = committed.get(ref);
    if (byId != null) {
      return byId;
    }
    return committed.values().stream().filter(f -> f.getString("name").equals(ref)).findFirst().orElse(null);
  }

  private void lookup(RoutingContext ctx) {
    JsonObject file = find(ctx.pathParam("ref"));
    if (file == null) {
      error(ctx, 404, "not_found", "no such file");
      return;
    }
    List<NodeAddress> order = readOrder;
    JsonObject answer = file.copy();
    if (order != null) {
      JsonArray replicas = new JsonArray();
      order.forEach(n -> replicas.add(n.toJson()));
      answer.getJsonArray("blocks").forEach(b -> ((JsonObject) b).put("replicas", replicas.copy()));
    }
    ctx.json(answer);
  }

  private void list(RoutingContext ctx) {
    JsonArray files = new JsonArray();
    committed.values().stream().sorted((a, b) -> a.getString("name").compareTo(b.getString("name")))
        .forEach(f -> files.add(new JsonObject().put("id", f.getString("id")).put("name", f.getString("name"))
            .put("size", f.getLong("size")).put("blocks", f.getJsonArray("blocks").size())
            .put("createdAt", f.getLong("createdAt"))));
    ctx.json(new JsonObject().put("files", files));
  }

  private void delete(RoutingContext ctx) {
    JsonObject file = find(ctx.pathParam("ref"));
    if (file == null) {
      error(ctx, 404, "not_found", "no such file");
      return;
    }
    committed.remove(file.getString("id"));
    ctx.json(new JsonObject().put("id", file.getString("id")).put("name", file.getString("name")).put("deleted", true));
  }

  private void cluster(RoutingContext ctx) {
    JsonArray list = new JsonArray();
    for (NodeAddress n : nodes) {
      list.add(new JsonObject().put("id", n.node()).put("address", n.host() + ":" + n.port()).put("state", "live")
          .put("usedBytes", 1536L).put("capacityBytes", 1L << 30).put("blocks", 1).put("lastHeartbeatAgeMs", 250));
    }
    ctx.json(new JsonObject().put("nodes", list).put("underReplicatedBlocks", 0).put("missingBlocks", 0)
        .put("files", committed.size()).put("liveNodes", nodes.size()));
  }

  private static void error(RoutingContext ctx, int status, String code, String message) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("error", code).put("message", message).encode());
  }

  @Override
  public void close() {
    server.close().await();
  }
}
