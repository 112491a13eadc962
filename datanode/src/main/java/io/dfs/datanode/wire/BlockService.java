package io.dfs.datanode.wire;

import io.dfs.common.config.DatanodeConfig;
import io.dfs.common.security.TokenVerifier;
import io.dfs.datanode.store.BlockStore;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.net.NetClient;

/**
 * What the block protocol handlers work with: the store and the worker pool for its blocking calls,
 * token checks, a client to reach peers, and where to report stored and deleted replicas.
 */
public final class BlockService {
  /** PUT_BLOCK requests in progress at once; more are answered BUSY. */
  public static final int MAX_CONCURRENT_WRITES = 128;

  final Vertx vertx;
  final DatanodeConfig config;
  final String nodeId;
  final BlockStore store;
  final WorkerExecutor disk;
  final TokenVerifier verifier;
  final NetClient peers;
  final BlockEvents events;
  final BlockCounters counters = new BlockCounters();
  final WriteSlots writeSlots = new WriteSlots(MAX_CONCURRENT_WRITES);

  /**
   * @param disk where every blocking store call runs
   * @param peers a client (with its connect timeout) for replication hops; the caller closes it
   */
  public BlockService(Vertx vertx, DatanodeConfig config, String nodeId, BlockStore store, WorkerExecutor disk,
      TokenVerifier verifier, NetClient peers, BlockEvents events) {
    this.vertx = vertx;
    this.config = config;
    this.nodeId = nodeId;
    this.store = store;
    this.disk = disk;
    this.verifier = verifier;
    this.peers = peers;
    this.events = events;
  }

  public BlockCounters counters() {
    return counters;
  }
}
