package io.dfs.meta.metrics;

import io.dfs.meta.MetaServices;
import io.dfs.meta.health.ClusterView;
import io.dfs.meta.health.HeartbeatCounters;
import io.dfs.meta.health.HeartbeatOutcome;
import io.dfs.meta.health.NodeInfo;
import io.dfs.meta.placement.ReplicationCensus;
import io.dfs.meta.repair.RepairCounters;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Meta's own meters, read from the state other parts keep (the node-health view, the heartbeat
 * and repair counters, the namespace census): nothing is counted twice, and the request paths do no
 * meter work. Prometheus names: {@code dfs_meta_nodes{state}}, {@code dfs_meta_files},
 * {@code dfs_meta_under_replicated_blocks}, {@code dfs_meta_missing_blocks},
 * {@code dfs_meta_heartbeats_total{outcome}}, {@code dfs_meta_evictions_total},
 * {@code dfs_meta_rejoins_sent_total}, {@code dfs_meta_heartbeat_lag_seconds{node}},
 * {@code dfs_meta_replication_copies_total{outcome}}, {@code dfs_meta_replication_bytes_total},
 * {@code dfs_meta_replication_queued}, {@code dfs_meta_replication_in_flight},
 * {@code dfs_meta_replicas_removed_total}, {@code dfs_meta_bad_replica_reports_total}, and
 * {@link RocksDbMeters}.
 *
 * <p>The census and the per-node lag rows are brought up to date by {@link #refresh}, which the
 * scrape runs first, from one event loop.
 */
public final class MetaMeters {
  static final String HEARTBEAT_LAG = "dfs.meta.heartbeat.lag";

  private final MeterRegistry registry;
  private final MetaServices services;
  private final Map<String, Meter> lagByNode = new HashMap<>();
  private volatile ReplicationCensus census;

  private MetaMeters(MeterRegistry registry, MetaServices services) {
    this.registry = registry;
    this.services = services;
  }

  /** Registers meta's meters on {@code registry}. */
  public static MetaMeters register(MeterRegistry registry, MetaServices services) {
    MetaMeters meters = new MetaMeters(registry, services);
    meters.registerNodes();
    meters.registerHeartbeats(services.heartbeats());
    meters.registerRepairs(services.repairs());
    RocksDbMeters.register(registry, services.store());
    return meters;
  }

  /**
   * Takes the latest census (null: none could be taken, its gauges read NaN) and adds or drops a
   * lag row for each node the view gained or lost.
   */
  public void refresh(ReplicationCensus latest) {
    census = latest;
    Map<String, NodeInfo> nodes = services.views().get().nodes();
    for (String id : nodes.keySet()) {
      lagByNode.computeIfAbsent(id, this::lagGauge);
    }
    for (Iterator<Map.Entry<String, Meter>> it = lagByNode.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Meter> row = it.next();
      if (!nodes.containsKey(row.getKey())) {
        registry.remove(row.getValue());
        it.remove();
      }
    }
  }

  private void registerNodes() {
    gauge("dfs.meta.nodes", "Data nodes known to meta, by state.", Tags.of("state", "live"),
        m -> m.view().liveCount());
    gauge("dfs.meta.nodes", "Data nodes known to meta, by state.", Tags.of("state", "dead"),
        m -> m.view().nodes().size() - m.view().liveCount());
    gauge("dfs.meta.files", "Committed files.", Tags.empty(), m -> m.census(ReplicationCensus::files));
    gauge("dfs.meta.under.replicated.blocks", "Committed blocks with fewer live replicas than their replication.",
        Tags.empty(), m -> m.census(ReplicationCensus::underReplicated));
    gauge("dfs.meta.missing.blocks", "Committed blocks with no live replica.", Tags.empty(),
        m -> m.census(ReplicationCensus::missing));
  }

  private void registerHeartbeats(HeartbeatCounters heartbeats) {
    for (HeartbeatOutcome outcome : HeartbeatOutcome.values()) {
      counter("dfs.meta.heartbeats", "Heartbeat datagrams received, by outcome.", Tags.of("outcome", outcome.label()),
          heartbeats, h -> h.count(outcome));
    }
    counter("dfs.meta.evictions", "Data nodes evicted for missing heartbeats.", Tags.empty(), heartbeats,
        HeartbeatCounters::evictions);
    counter("dfs.meta.rejoins.sent", "REJOIN datagrams sent to unknown nodes.", Tags.empty(), heartbeats,
        HeartbeatCounters::rejoinsSent);
  }

  private void registerRepairs(RepairCounters repairs) {
    counter("dfs.meta.replication.copies", "Re-replication copies, by outcome.", Tags.of("outcome", "ok"), repairs,
        RepairCounters::copiesSucceeded);
    counter("dfs.meta.replication.copies", "Re-replication copies, by outcome.", Tags.of("outcome", "failed"),
        repairs, RepairCounters::copiesFailed);
    counter("dfs.meta.replication.bytes", "Block bytes landed on re-replication targets.", Tags.empty(), repairs,
        RepairCounters::bytesCopied);
    counter("dfs.meta.replicas.removed", "Surplus, mismatching and reported-bad replicas deleted from nodes.",
        Tags.empty(), repairs, RepairCounters::replicasRemoved);
    counter("dfs.meta.bad.replica.reports", "Bad replicas reported by readers.", Tags.empty(), repairs,
        RepairCounters::badReplicaReports);
    counter("dfs.meta.repair.scans", "Repair scans of the namespace run.", Tags.empty(), repairs,
        RepairCounters::scans);
    Gauge.builder("dfs.meta.replication.queued", repairs, RepairCounters::queued)
        .description("Copies planned and waiting for a stream.").register(registry);
    Gauge.builder("dfs.meta.replication.in.flight", repairs, RepairCounters::inFlight)
        .description("Copies in flight.").register(registry);
  }

  private Meter lagGauge(String nodeId) {
    return Gauge.builder(HEARTBEAT_LAG, this, m -> m.lagSeconds(nodeId))
        .description("Seconds since meta last heard from the node (a heartbeat or a JOIN).")
        .baseUnit("seconds")
        .tag("node", nodeId)
        .register(registry);
  }

  private double lagSeconds(String nodeId) {
    NodeInfo node = view().node(nodeId);
    if (node == null) {
      return Double.NaN;
    }
    return Math.max(0, services.healthClock().millis() - node.lastHeartbeatMs()) / 1000.0;
  }

  private ClusterView view() {
    return services.views().get();
  }

  private double census(ToDoubleFunction<ReplicationCensus> value) {
    ReplicationCensus c = census;
    return c == null ? Double.NaN : value.applyAsDouble(c);
  }

  private void gauge(String name, String help, Tags tags, ToDoubleFunction<MetaMeters> value) {
    Gauge.builder(name, this, value).description(help).tags(tags).register(registry);
  }

  private <T> void counter(String name, String help, Tags tags, T source, ToDoubleFunction<T> value) {
    FunctionCounter.builder(name, source, value).description(help).tags(tags).register(registry);
  }
}
