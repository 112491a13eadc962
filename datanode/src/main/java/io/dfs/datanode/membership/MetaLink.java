package io.dfs.datanode.membership;

import io.dfs.common.config.DatanodeConfig;
import io.dfs.common.http.JsonHttpClient;
import io.dfs.common.security.ServiceTokenSource;
import io.dfs.common.wire.Crc32c;
import io.dfs.datanode.store.BlockStore;
import io.dfs.datanode.store.Space;
import io.dfs.datanode.store.BlockStore.BlockInfo;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's membership in the cluster, as one verticle so all its state lives on one context:
 *
 * <ul>
 *   <li>JOIN ({@code POST /v1/nodes/join} on meta's discovery URL, with this node's service token)
 *       with the full block report, retried every {@link #JOIN_RETRY_MS} until meta answers, since
 *       meta may start later;
 *   <li>then UDP heartbeats to meta's host with the key and interval from the answer;
 *   <li>a new JOIN when meta sends REJOIN for this node, or answers a block report with 409;
 *   <li>block reports in between ({@link BlockReportSender});
 *   <li>replicas meta lists under {@code delete} in its answers are removed here.
 * </ul>
 *
 * Deployment completes once the heartbeat socket is open; joining goes on in the background.
 */
public final class MetaLink extends VerticleBase implements BlockReportSender.ReportTarget {
  private static final Logger LOG = LoggerFactory.getLogger(MetaLink.class);
  static final long JOIN_RETRY_MS = 1000;
  /** Join failures are logged once per this many attempts, not every second. */
  static final int LOG_EVERY_FAILURES = 30;

  /** Runs after each JOIN: a meta that asked for one may be a restarted meta with new keys. */
  private final Runnable onJoined;
  private final DatanodeConfig config;
  private final String nodeId;
  private final BlockStore store;
  private final WorkerExecutor disk;
  private final JsonHttpClient http;
  private final ServiceTokenSource tokens;
  private final BlockReportSender reports;
  private final int port;
  private final int httpPort;
  private final Space space;
  private final String metaUrl;
  private volatile HeartbeatSender heartbeats;
  private volatile boolean joined;
  private volatile boolean heartbeatsPaused;
  private boolean joining;
  private boolean stopped;
  private int failedJoins;
  private long joinedAtMs;
  private long heartbeatIntervalMs;

  /**
   * @param reports the sender the block server has been reporting changes to
   * @param port the block protocol port this node listens on (advertised in the JOIN)
   * @param httpPort its health port
   * @param space capacity and free space to report
   */
  public MetaLink(DatanodeConfig config, String nodeId, BlockStore store, WorkerExecutor disk, JsonHttpClient http,
      ServiceTokenSource tokens, BlockReportSender reports, int port, int httpPort, Space space, Runnable onJoined) {
    this.config = config;
    this.onJoined = onJoined;
    this.nodeId = nodeId;
    this.store = store;
    this.disk = disk;
    this.http = http;
    this.tokens = tokens;
    this.port = port;
    this.httpPort = httpPort;
    this.space = space;
    this.metaUrl = config.metaUrl().replaceAll("/+$", "");
    this.reports = reports;
  }

  @Override
  public Future<?> start() {
    heartbeats = new HeartbeatSender(vertx, nodeId,
        () -> new HeartbeatSender.Status(space.reportedUsedBytes(), space.reportedCapacityBytes(), store.blockCount()),
        this::onRejoinRequest);
    heartbeats.pause(heartbeatsPaused);
    return heartbeats.open(config.host()).onSuccess(v -> {
      reports.attach(context, this);
      join();
    });
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    joined = false;
    reports.detach();
    return heartbeats == null ? Future.succeededFuture() : heartbeats.close();
  }

  /** Whether meta has admitted this node and it has not been told to join again since. */
  @Override
  public boolean joined() {
    return joined;
  }

  /** Stops (or resumes) heartbeats while the node keeps serving: how meta sees a stalled node. */
  public void pauseHeartbeats(boolean paused) {
    heartbeatsPaused = paused;
    HeartbeatSender h = heartbeats;
    if (h != null) {
      h.pause(paused);
    }
  }

  @Override
  public void rejoin() {
    context.runOnContext(v -> {
      if (!joining && !stopped) {
        LOG.info("event=rejoin node={}", nodeId);
        join();
      }
    });
  }

  private void onRejoinRequest() {
    // REJOINs answering heartbeats sent before the last JOIN may still arrive just after it.
    if (joining || stopped || System.currentTimeMillis() - joinedAtMs < heartbeatIntervalMs) {
      return;
    }
    LOG.info("event=rejoin_requested node={}", nodeId);
    join();
  }

  private void join() {
    if (joining || stopped) {
      return;
    }
    joining = true;
    joined = false;
    if (heartbeats != null) {
      heartbeats.stop();
    }
    here(disk.executeBlocking(() -> {
      // Changes queued so far are in this snapshot; later ones are reported after the JOIN.
      reports.joinStarting();
      return joinBody();
    }, false))
        .compose(body -> here(tokens.token()).compose(token -> here(http.post(metaUrl + "/v1/nodes/join", token, body))))
        .map(JoinAnswer::parse)
        .onComplete(ar -> {
          joining = false;
          reports.joinSettled();
          if (stopped) {
            return;
          }
          if (ar.failed()) {
            if (failedJoins++ % LOG_EVERY_FAILURES == 0) {
              LOG.warn("event=join_failed node={} meta={} attempts={} reason=\"{}\"", nodeId, metaUrl, failedJoins,
                  ar.cause().getMessage());
            }
            vertx.setTimer(JOIN_RETRY_MS, t -> join());
            return;
          }
          onJoined(ar.result());
        });
  }

  private JsonObject joinBody() {
    JsonArray blocks = new JsonArray();
    for (BlockInfo b : store.list()) {
      blocks.add(new JsonObject().put("blockId", b.blockId()).put("length", b.length())
          .put("crc32c", Crc32c.unsigned(b.crc32c())));
    }
    return new JsonObject().put("nodeId", nodeId).put("host", config.advertiseHost()).put("port", port)
        .put("httpPort", httpPort).put("capacityBytes", space.reportedCapacityBytes()).put("usedBytes", space.reportedUsedBytes())
        .put("blocks", blocks);
  }

  private void onJoined(JoinAnswer answer) {
    failedJoins = 0;
    joinedAtMs = System.currentTimeMillis();
    heartbeatIntervalMs = answer.heartbeatIntervalMs();
    joined = true;
    heartbeats.start(answer.heartbeatKey(), answer.heartbeatIntervalMs(), URI.create(metaUrl).getHost(),
        answer.heartbeatPort());
    LOG.info("event=joined node={} meta={} blocks={} heartbeatIntervalMs={}", nodeId, metaUrl, store.blockCount(),
        answer.heartbeatIntervalMs());
    onJoined.run();
    deleteDisowned(answer.delete());
    reports.wake();
  }

  @Override
  public Future<JsonObject> report(JsonObject body) {
    return here(tokens.token())
        .compose(token -> here(http.post(metaUrl + "/v1/nodes/" + nodeId + "/blocks", token, body)));
  }

  @Override
  public void onReportAnswer(JsonObject answer) {
    deleteDisowned(JoinAnswer.blockIds(answer));
  }

  private void deleteDisowned(List<String> ids) {
    if (ids.isEmpty()) {
      return;
    }
    disk.executeBlocking(() -> store.delete(ids), false)
        .onSuccess(deleted -> {
          LOG.info("event=disowned_replicas_deleted node={} listed={} deleted={}", nodeId, ids.size(), deleted.size());
          reports.deleted(deleted);
        })
        .onFailure(e -> LOG.warn("event=delete_failed node={} reason=\"{}\"", nodeId, e.getMessage()));
  }

  /** The same outcome, delivered on this verticle's context whatever context completed {@code f}. */
  private <T> Future<T> here(Future<T> f) {
    Promise<T> p = Promise.promise();
    f.onComplete(ar -> {
      if (Vertx.currentContext() == context) {
        p.handle(ar);
      } else {
        context.runOnContext(v -> p.handle(ar));
      }
    });
    return p.future();
  }
}
