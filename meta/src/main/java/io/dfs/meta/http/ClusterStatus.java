package io.dfs.meta.http;

import io.dfs.meta.MetaServices;
import io.dfs.meta.health.ClusterView;
import io.dfs.meta.health.NodeInfo;
import io.dfs.meta.placement.ReplicaLocator;
import io.dfs.meta.placement.ReplicationCensus;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The cluster as {@code GET /api/v1/cluster} and {@code /status.json} show it:
 * every known node from the latest view, and a census of committed blocks. The census scans the
 * namespace on the store's read pool, never on the event loop; one result serves all requests for
 * {@link #CENSUS_TTL_MS} and at most one scan runs at a time. Used from one event loop only.
 * After a scan, the next waits {@link #CENSUS_REST_FACTOR} times as long as that one took (see
 * {@link CensusPacing}).
 */
final class ClusterStatus {
  static final long CENSUS_TTL_MS = 1_000;
  static final int CENSUS_REST_FACTOR = 50;
  static final long CENSUS_MAX_REST_MS = 30_000;

  private final MetaServices services;
  private final ReplicaLocator locator;
  private Future<ReplicationCensus> census;
  private final CensusPacing pacing = new CensusPacing(CENSUS_TTL_MS * 1_000_000, CENSUS_REST_FACTOR,
      CENSUS_MAX_REST_MS * 1_000_000);

  ClusterStatus(MetaServices services, ReplicaLocator locator) {
    this.services = services;
    this.locator = locator;
  }

  /**
   * {@code {"nodes":[...],"underReplicatedBlocks","missingBlocks","files","blocks","liveNodes","deadNodes",
   * "capacityBytes","usedBytes"}}; capacity and use are the live nodes' sums, as those are what can
   * take blocks.
   */
  Future<JsonObject> json() {
    ClusterView view = services.views().get();
    return census().map(c -> {
      long now = services.healthClock().millis();
      long wallNow = services.wallClock().millis();
      long capacity = 0;
      long used = 0;
      JsonArray nodes = new JsonArray();
      for (NodeInfo n : view.nodes().values()) {
        if (n.live()) {
          capacity += n.capacityBytes();
          used += n.usedBytes();
        }
        JsonObject node = new JsonObject()
            .put("id", n.id())
            .put("address", n.host() + ":" + n.port())
            .put("state", n.state().wireName())
            .put("usedBytes", n.usedBytes())
            .put("capacityBytes", n.capacityBytes())
            .put("blocks", n.blockCount())
            .put("lastHeartbeatAgeMs", Math.max(0, now - n.lastHeartbeatMs()));
        if (!n.live()) {
          // The registry's clock is monotonic; the API speaks epoch milliseconds.
          node.put("deadSince", wallNow - Math.max(0, now - n.deadSinceMs())).put("deadReason", n.deadReason());
        }
        nodes.add(node);
      }
      return new JsonObject()
          .put("nodes", nodes)
          .put("underReplicatedBlocks", c.underReplicated())
          .put("missingBlocks", c.missing())
          .put("files", c.files())
          .put("blocks", c.blocks())
          .put("liveNodes", view.liveCount())
          .put("deadNodes", view.nodes().size() - view.liveCount())
          .put("capacityBytes", capacity)
          .put("usedBytes", used);
    });
  }

  /**
   * The census of committed blocks, at most {@link #CENSUS_TTL_MS} old unless resting after a long
   * scan, and never of a membership other than the current one; also what /metrics counts. A
   * census that failed is taken again at once.
   */
  Future<ReplicationCensus> census() {
    long now = System.nanoTime();
    ClusterView view = services.views().get();
    long membership = view.liveSignature();
    long replicas = services.replicas().version();
    if (census == null || census.failed() || (census.isComplete() && pacing.due(now, membership, replicas))) {
      ReplicationCensus fresh = new ReplicationCensus(view, locator);
      pacing.started(now, membership, replicas);
      census = services.store().forEachCommitted(fresh).map(v -> fresh)
          .onComplete(ar -> pacing.ended(System.nanoTime()));
    } else if (!census.isComplete() && !pacing.takenUnder(membership)) {
      // One scan at a time: a poller arriving while a scan of the old membership runs waits for the next.
      return census.transform(ar -> census());
    }
    // Pollers arriving while a scan runs share its answer, however the replica map moved.
    return census;
  }
}
