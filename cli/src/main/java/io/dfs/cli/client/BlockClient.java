package io.dfs.cli.client;

import io.dfs.common.tls.Tls;
import io.dfs.common.config.ClientConfig;
import io.dfs.common.error.DfsException;
import io.dfs.common.error.ErrorCode;
import io.dfs.common.error.NodeFailure;
import io.dfs.common.wire.BlockConnectionPool;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.streams.WriteStream;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Stores and reads blocks on data nodes over the block protocol
 * ({@code io.dfs.common.wire.BlockProtocol}). A connection carries one request at a time and is kept
 * for the next request to the same node for a few seconds ({@link BlockConnectionPool}), so blocks
 * after the first pay no TLS handshake.
 *
 * <p>Connections time out after {@link ClientConfig#connectTimeout()} to connect and
 * {@link ClientConfig#ioTimeout()} without any traffic. Every failure is a {@link DfsException} whose
 * message names the node: UNAVAILABLE for connection problems and timeouts, the node's own code for
 * an ERROR frame, CHECKSUM_MISMATCH or LENGTH_MISMATCH for bytes that are not the block. A failure
 * of the caller's source or sink is passed through unchanged.
 */
public final class BlockClient {
  private final Vertx vertx;
  private final NetClient net;
  private final BlockConnectionPool connections;
  private final String token;
  private final long ioTimeoutMs;

  /** @param token the user's JWT, sent as {@code auth} in every request */
  public BlockClient(Vertx vertx, ClientConfig config, String token) {
    this.vertx = vertx;
    this.ioTimeoutMs = config.ioTimeout().toMillis();
    this.net = vertx.createNetClient(Tls.client(new NetClientOptions()
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, config.connectTimeout().toMillis()))
        .setIdleTimeout((int) Math.min(Integer.MAX_VALUE, ioTimeoutMs))
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
        .setTcpNoDelay(true), config.tls()));
    this.connections = new BlockConnectionPool(vertx, net);
    this.token = token;
  }

  /**
   * Streams a block to its primary, which forwards it down {@code put.pipeline()}. Completes with the
   * primary's ACK ({@code {"blockId","length","crc32c","nodes":[..]}}) once every node of the
   * pipeline holds the block durably.
   */
  public Future<JsonObject> putBlock(NodeAddress primary, BlockPut put, BlockSource source) {
    return OnContext.run(vertx, () -> exchange(primary,
        connection -> new BlockPutExchange(connection, primary, ioTimeoutMs, put, source, token)));
  }

  /**
   * Reads a block range into {@code sink} with backpressure, checking every frame's CRC32C and, for a
   * whole block, the block's CRC32C. Completes after {@code sink.end()} has; on failure the sink is
   * left unended and may hold part of the range.
   */
  public Future<Void> getBlock(NodeAddress node, BlockGet get, WriteStream<Buffer> sink) {
    return OnContext.run(vertx, () -> exchange(node,
        connection -> new BlockGetExchange(connection, node, ioTimeoutMs, get, sink, token)));
  }

  /**
   * Runs an exchange on a kept connection, or a new one ({@link BlockConnectionPool#request}). Sent
   * again, the source is read again from its start; the sink has had nothing, since no frame came.
   */
  private <T> Future<T> exchange(NodeAddress node, Function<BlockConnectionPool.Lease, BlockExchange<T>> make) {
    return connections.request(node.host(), node.port(),
        e -> new NodeFailure(ErrorCode.UNAVAILABLE, node.node(), "cannot connect to " + node + ": " + e.getMessage()),
        make::apply);
  }

  public Future<Void> close() {
    connections.close();
    return net.close();
  }
}
