package io.dfs.datanode.wire;

import io.dfs.common.config.DatanodeConfig;
import io.dfs.common.security.TokenVerifier;
import io.dfs.common.wire.BlockConnectionPool;
import io.dfs.datanode.store.BlockStore;
import io.dfs.datanode.store.Space;
import io.vertx.core.Future;
import java.util.List;
import java.util.function.Supplier;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;

/**
 * What the block protocol handlers work with: the store and the worker pool for its blocking calls,
 * token checks, a client to reach peers, and where to report stored and deleted replicas.
 */
public final class BlockService {
  /** PUT_BLOCK requests in progress at once; more are answered BUSY. */
  public static final int MAX_CONCURRENT_WRITES = 128;
  /** Block connections open at once; more are answered BUSY and closed. */
  public static final int MAX_CONNECTIONS = 1024;
  /**
   * 1 MiB batches of frames that reads hold in the heap at once (a read holds at most two: one
   * being sent, the next checked); past it, reads go on a chunk at a time.
   */
  public static final int FRAME_BUFFERS = 32;

  final Vertx vertx;
  final DatanodeConfig config;
  final String nodeId;
  final BlockStore store;
  final WorkerExecutor disk;
  final TokenVerifier verifier;
  final BlockKeys blockKeys;
  final BlockConnectionPool peers;
  final BlockEvents events;
  final BlockCounters counters = new BlockCounters();
  final BlockRequestMeters requests;
  final Slots writeSlots = new Slots(MAX_CONCURRENT_WRITES);
  final Slots connections = new Slots(MAX_CONNECTIONS);
  final Slots frameBuffers = new Slots(FRAME_BUFFERS);
  final Space space;
  final Supplier<Future<String>> ownToken;
  /** Re-replication copies this node sends at once. */
  final Slots copySlots;
  final ByteRate copyRate;

  /**
   * @param disk where every blocking store call runs
   * @param blockKeys meta's keys for block tokens
   * @param peers connections for replication hops, kept between blocks; the caller closes it
   * @param space what this node may still take
   * @param ownToken this node's own service token, for the copies it sends
   * @param requests where requests' outcomes and latencies are recorded
   */
  public BlockService(Vertx vertx, DatanodeConfig config, String nodeId, BlockStore store, WorkerExecutor disk,
      TokenVerifier verifier, BlockKeys blockKeys, BlockConnectionPool peers, BlockEvents events, Space space,
      Supplier<Future<String>> ownToken, BlockRequestMeters requests) {
    this.requests = requests;
    this.vertx = vertx;
    this.config = config;
    this.nodeId = nodeId;
    this.store = store;
    this.disk = disk;
    this.verifier = verifier;
    this.blockKeys = blockKeys;
    this.peers = peers;
    this.events = events;
    this.space = space;
    this.ownToken = ownToken;
    this.copySlots = new Slots(config.replicationStreams());
    this.copyRate = new ByteRate(config.replicationBytesPerSecond());
  }

  /**
   * Takes a replica that failed a check out of service and tells meta it is gone, so a good copy
   * replaces it. Never fails.
   */
  Future<Void> quarantine(String blockId) {
    return disk.executeBlocking(() -> store.quarantine(blockId), false)
        .onSuccess(wasStored -> {
          counters.corruptReplicasFound.increment();
          if (wasStored) {
            events.deleted(List.of(blockId));
          }
        })
        .<Void>mapEmpty()
        .otherwiseEmpty();
  }

  /** Block connections open now. */
  public int openConnections() {
    return connections.inUse();
  }

  public BlockCounters counters() {
    return counters;
  }

  /** Token checks of this node's callers: the users' and services' tokens from auth. */
  public TokenVerifier verifier() {
    return verifier;
  }
}
