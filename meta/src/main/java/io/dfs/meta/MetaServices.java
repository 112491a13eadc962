package io.dfs.meta;

import io.dfs.common.config.MetaConfig;
import io.dfs.common.metrics.ServerMetrics;
import io.dfs.common.security.BlockTokenSigner;
import io.dfs.common.security.TokenVerifier;
import io.dfs.meta.events.EventLog;
import io.dfs.meta.health.ClusterView;
import io.dfs.meta.health.HeartbeatCounters;
import io.dfs.meta.namespace.NamespaceStore;
import io.dfs.meta.namespace.ReplicaMap;
import io.dfs.meta.placement.PlanTimes;
import io.dfs.meta.repair.RepairCounters;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * What the request-serving verticles of one meta server share. Each part is safe to use from any
 * thread: the store and the replica map are thread-safe, views are immutable snapshots published
 * by the node-health owner, counters are atomic.
 *
 * @param views the latest {@link ClusterView} published by {@code NodeHealthVerticle}
 * @param wallClock time for file records (createdAt, expiresAt)
 * @param healthClock the clock node heartbeat times are on
 * @param planTimes when pending files were planned, on the health clock
 * @param repairs what re-replication has done, for metrics
 * @param blockTokens meta's signer of block capabilities
 * @param events recent cluster events, for the status page and {@code /api/v1/events}
 * @param metrics the registry {@code /metrics} serves
 */
public record MetaServices(
    MetaConfig config,
    TokenVerifier verifier,
    NamespaceStore store,
    ReplicaMap replicas,
    Supplier<ClusterView> views,
    HeartbeatCounters heartbeats,
    BusAddresses bus,
    Clock wallClock,
    Clock healthClock,
    PlanTimes planTimes,
    RepairCounters repairs,
    BlockTokenSigner blockTokens,
    EventLog events,
    ServerMetrics metrics) {

  /** True when requests can be served: the store is open (the verifier exists once we run). */
  public boolean ready() {
    return verifier != null && store.isOpen();
  }
}
