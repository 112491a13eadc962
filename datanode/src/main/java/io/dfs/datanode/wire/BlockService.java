package io.dfs.datanode.wire;

import io.dfs.common.config.DatanodeConfig;
import io.dfs.common.security.ServiceTokenSource;
import io.dfs.common.security.TokenVerifier;
import io.dfs.datanode.store.BlockStore;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.net.NetClient;

/**
 * What the block protocol handlers work with: the store and the worker pool for its blocking calls,
 * token checks, this node's own service token for replication hops, and a client to reach peers.
 */
public record BlockService(
    Vertx vertx,
    DatanodeConfig config,
    String nodeId,
    BlockStore store,
    WorkerExecutor disk,
    TokenVerifier verifier,
    ServiceTokenSource serviceTokens,
    NetClient peers,
    BlockEvents events) {}
