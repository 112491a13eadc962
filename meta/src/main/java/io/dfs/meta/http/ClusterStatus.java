package io.dfs.meta.http;

import io.dfs.meta.MetaServices;
import io.dfs.meta.repair.RepairCounters;
import io.dfs.meta.health.ClusterView;
import io.dfs.meta.health.HeartbeatOutcome;
import io.dfs.meta.health.NodeInfo;
import io.dfs.meta.placement.ReplicaLocator;
import io.dfs.meta.placement.ReplicationCensus;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The cluster as {@code GET /api/v1/cluster}, {@code /status.json} and {@code /metrics} show it:
 * every known node from the latest view, and a census of committed blocks. The census scans the
 * namespace on the store's read pool, never on the event loop; one result serves all requests for
 * {@link #CENSUS_TTL_MS} and at most one scan runs at a time. Used from one event loop only.
 */
final class ClusterStatus {
  static final long CENSUS_TTL_MS = 1_000;

  private final MetaServices services;
  private final ReplicaLocator locator;
  private Future<ReplicationCensus> census;
  private long censusAtNanos;
  private long censusKey;

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

  /** Prometheus text exposition of the same state and the heartbeat counters. */
  Future<String> metrics() {
    ClusterView view = services.views().get();
    return census().map(c -> {
      int live = view.liveCount();
      StringBuilder sb = new StringBuilder();
      sb.append("# HELP dfs_meta_nodes Data nodes known to meta, by state.\n# TYPE dfs_meta_nodes gauge\n");
      sb.append("dfs_meta_nodes{state=\"live\"} ").append(live).append('\n');
      sb.append("dfs_meta_nodes{state=\"dead\"} ").append(view.nodes().size() - live).append('\n');
      gauge(sb, "dfs_meta_files", "Committed files.", c.files());
      gauge(sb, "dfs_meta_under_replicated_blocks", "Committed blocks with fewer live replicas than their replication.",
          c.underReplicated());
      gauge(sb, "dfs_meta_missing_blocks", "Committed blocks with no live replica.", c.missing());
      sb.append("# HELP dfs_meta_heartbeats_total Heartbeat datagrams received, by outcome.\n")
          .append("# TYPE dfs_meta_heartbeats_total counter\n");
      for (HeartbeatOutcome o : HeartbeatOutcome.values()) {
        sb.append("dfs_meta_heartbeats_total{outcome=\"").append(o.label()).append("\"} ")
            .append(services.heartbeats().count(o)).append('\n');
      }
      counter(sb, "dfs_meta_evictions_total", "dfs_meta_evictions_total",
          "Data nodes evicted for missing heartbeats.", services.heartbeats().evictions());
      RepairCounters r = services.repairs();
      counter(sb, "dfs_meta_replication_copies_total{outcome=\"ok\"}", "dfs_meta_replication_copies_total",
          "Re-replication copies, by outcome.", r.copiesSucceeded());
      sb.append("dfs_meta_replication_copies_total{outcome=\"failed\"} ").append(r.copiesFailed()).append('\n');
      counter(sb, "dfs_meta_replication_bytes_total", "dfs_meta_replication_bytes_total",
          "Block bytes landed on re-replication targets.", r.bytesCopied());
      counter(sb, "dfs_meta_replicas_removed_total", "dfs_meta_replicas_removed_total",
          "Surplus, mismatching and reported-bad replicas deleted from nodes.", r.replicasRemoved());
      counter(sb, "dfs_meta_bad_replica_reports_total", "dfs_meta_bad_replica_reports_total",
          "Bad replicas reported by readers.", r.badReplicaReports());
      gauge(sb, "dfs_meta_replication_queued", "Copies planned and waiting for a stream.", r.queued());
      gauge(sb, "dfs_meta_replication_in_flight", "Copies in flight.", r.inFlight());
      sb.append("# HELP dfs_meta_rejoins_sent_total REJOIN datagrams sent to unknown nodes.\n")
          .append("# TYPE dfs_meta_rejoins_sent_total counter\n")
          .append("dfs_meta_rejoins_sent_total ").append(services.heartbeats().rejoinsSent()).append('\n');
      return sb.toString();
    });
  }

  private static void counter(StringBuilder sb, String series, String name, String help, long value) {
    sb.append("# HELP ").append(name).append(' ').append(help).append('\n')
        .append("# TYPE ").append(name).append(" counter\n")
        .append(series).append(' ').append(value).append('\n');
  }

  private static void gauge(StringBuilder sb, String name, String help, long value) {
    sb.append("# HELP ").append(name).append(' ').append(help).append('\n')
        .append("# TYPE ").append(name).append(" gauge\n")
        .append(name).append(' ').append(value).append('\n');
  }

  private Future<ReplicationCensus> census() {
    long now = System.nanoTime();
    ClusterView view = services.views().get();
    long key = censusKey(view);
    // One scan at a time: pollers arriving while one runs share its answer, however the key moved.
    boolean stale = key != censusKey || now - censusAtNanos > CENSUS_TTL_MS * 1_000_000;
    if (census == null || census.failed() || (stale && census.isComplete())) {
      ReplicationCensus fresh = new ReplicationCensus(view, locator);
      census = services.store().forEachCommitted(fresh).map(v -> fresh);
      censusAtNanos = now;
      censusKey = key;
    }
    return census;
  }

  /**
   * Changes with membership and the replica map, so a cached census is never older than the last
   * eviction, join or replica change; only namespace changes wait out the TTL.
   */
  private long censusKey(ClusterView view) {
    return services.replicas().version() * 1_000_003L + view.liveSignature();
  }
}
