package io.dfs.datanode.membership;

import io.dfs.common.config.DatanodeConfig;
import io.dfs.common.http.JsonHttpClient;
import io.dfs.common.ids.BlockIds;
import io.dfs.common.security.ServiceTokenSource;
import io.dfs.common.wire.Crc32c;
import io.dfs.datanode.store.BlockStore;
import io.dfs.datanode.store.BlockStore.BlockInfo;
import io.dfs.datanode.wire.BlockEvents;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's membership in the cluster: JOIN with a full block report (retried every second until
 * meta answers), heartbeats with the key from the JOIN answer, a new JOIN whenever meta says REJOIN
 * or no longer knows the node, and block reports in between. Replicas meta disowns in its answers
 * are deleted here. All state is confined to the context it was created on.
 */
public final class MetaLink {
  private static final Logger LOG = LoggerFactory.getLogger(MetaLink.class);
  static final long RETRY_MS = 1000;

  private final Vertx vertx;
  private final Context context;
  private final DatanodeConfig config;
  private final String nodeId;
  private final BlockStore store;
  private final WorkerExecutor disk;
  private final JsonHttpClient http;
  private final ServiceTokenSource tokens;
  private final HeartbeatSender heartbeats;
  private final BlockReportSender reports;
  private final String metaUrl;
  private int port;
  private int httpPort;
  private volatile boolean joined;
  private boolean joining;
  private boolean stopped;
  private int failedAttempts;

  public MetaLink(Vertx vertx, DatanodeConfig config, String nodeId, BlockStore store, WorkerExecutor disk,
      JsonHttpClient http, ServiceTokenSource tokens) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.config = config;
    this.nodeId = nodeId;
    this.store = store;
    this.disk = disk;
    this.http = http;
    this.tokens = tokens;
    this.metaUrl = config.metaUrl().replaceAll("/+$", "");
    long capacity = config.capacityBytes();
    this.heartbeats = new HeartbeatSender(vertx, nodeId,
        () -> new HeartbeatSender.Status(store.usedBytes(), capacity > 0 ? capacity : store.diskCapacity(),
            store.blockCount()),
        this::rejoin);
    this.reports = new BlockReportSender(vertx, context, this);
  }

  /** Where this node tells meta its block changes. */
  public BlockEvents events() {
    return reports;
  }

  /** Opens the heartbeat socket and starts joining; completes once the socket is open, not when joined. */
  public Future<Void> start(int port, int httpPort) {
    this.port = port;
    this.httpPort = httpPort;
    return heartbeats.open(config.host()).onSuccess(v -> context.runOnContext(x -> join()));
  }

  public boolean joined() {
    return joined;
  }

  /** Joins again with a full block report; a no-op while a JOIN is already under way. */
  void rejoin() {
    context.runOnContext(v -> {
      if (joined) {
        LOG.info("event=rejoin node={}", nodeId);
      }
      joined = false;
      join();
    });
  }

  private void join() {
    if (joining || stopped) {
      return;
    }
    joining = true;
    // Events from now on are sent after the JOIN; those before are in the report.
    reports.clear();
    JsonArray blocks = new JsonArray();
    for (BlockInfo b : store.list()) {
      blocks.add(new JsonObject().put("blockId", b.blockId()).put("length", b.length())
          .put("crc32c", Crc32c.unsigned(b.crc32c())));
    }
    long capacity = config.capacityBytes() > 0 ? config.capacityBytes() : store.diskCapacity();
    JsonObject body = new JsonObject().put("nodeId", nodeId).put("host", config.advertiseHost()).put("port", port)
        .put("httpPort", httpPort).put("capacityBytes", capacity).put("usedBytes", store.usedBytes())
        .put("blocks", blocks);
    tokens.token()
        .compose(token -> http.post(metaUrl + "/v1/nodes/join", token, body))
        .onComplete(ar -> {
          joining = false;
          if (stopped) {
            return;
          }
          if (ar.failed()) {
            if (failedAttempts++ % 10 == 0) {
              LOG.warn("event=join_failed node={} meta={} reason=\"{}\"", nodeId, metaUrl, ar.cause().getMessage());
            }
            vertx.setTimer(RETRY_MS, t -> join());
            return;
          }
          failedAttempts = 0;
          onJoined(ar.result());
        });
  }

  private void onJoined(JsonObject answer) {
    byte[] key = Base64.getDecoder().decode(answer.getString("heartbeatKey"));
    long interval = answer.getLong("heartbeatIntervalMs", 1000L);
    int hbPort = answer.getInteger("heartbeatPort");
    heartbeats.start(key, interval, URI.create(metaUrl).getHost(), hbPort);
    joined = true;
    LOG.info("event=joined node={} meta={} blocks={}", nodeId, metaUrl, store.blockCount());
    deleteDisowned(answer);
  }

  /** Sends a block report; fails with meta's error (CONFLICT when meta does not know this node). */
  Future<JsonObject> report(JsonObject body) {
    return tokens.token()
        .compose(token -> http.post(metaUrl + "/v1/nodes/" + nodeId + "/blocks", token, body))
        .onSuccess(this::deleteDisowned);
  }

  private void deleteDisowned(JsonObject answer) {
    JsonArray delete = answer.getJsonArray("delete", new JsonArray());
    if (delete.isEmpty()) {
      return;
    }
    List<String> ids = new ArrayList<>();
    for (Object o : delete) {
      if (o instanceof String s && BlockIds.isCanonical(s)) {
        ids.add(s);
      }
    }
    disk.executeBlocking(() -> store.delete(ids), false)
        .onSuccess(n -> {
          LOG.info("event=disowned_replicas_deleted node={} count={}", nodeId, n);
          reports.deleted(ids);
        })
        .onFailure(e -> LOG.warn("event=delete_failed node={} reason=\"{}\"", nodeId, e.getMessage()));
  }

  public void pauseHeartbeats(boolean paused) {
    heartbeats.pause(paused);
  }

  public Future<Void> stop() {
    stopped = true;
    joined = false;
    return heartbeats.close();
  }
}
