package io.dfs.cli.client;

import io.dfs.common.tls.Tls;
import io.dfs.common.config.ClientConfig;
import io.dfs.common.error.DfsException;
import io.dfs.common.error.ErrorCode;
import io.dfs.common.error.NodeFailure;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.streams.WriteStream;
import java.util.concurrent.TimeUnit;

/**
 * Stores and reads blocks on data nodes over the block protocol
 * ({@code io.dfs.common.wire.BlockProtocol}), one connection per request.
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
    this.token = token;
  }

  /**
   * Streams a block to its primary, which forwards it down {@code put.pipeline()}. Completes with the
   * primary's ACK ({@code {"blockId","length","crc32c","nodes":[..]}}) once every node of the
   * pipeline holds the block durably.
   */
  public Future<JsonObject> putBlock(NodeAddress primary, BlockPut put, BlockSource source) {
    return OnContext.run(vertx, () -> connect(primary).compose(socket ->
        new BlockPutExchange(socket, primary, ioTimeoutMs, put, source, token).run()));
  }

  /**
   * Reads a block range into {@code sink} with backpressure, checking every frame's CRC32C and, for a
   * whole block, the block's CRC32C. Completes after {@code sink.end()} has; on failure the sink is
   * left unended and may hold part of the range.
   */
  public Future<Void> getBlock(NodeAddress node, BlockGet get, WriteStream<Buffer> sink) {
    return OnContext.run(vertx, () -> connect(node).compose(socket ->
        new BlockGetExchange(socket, node, ioTimeoutMs, get, sink, token).run()));
  }

  private Future<io.vertx.core.net.NetSocket> connect(NodeAddress node) {
    return net.connect(node.port(), node.host()).recover(e -> Future.failedFuture(
        new NodeFailure(ErrorCode.UNAVAILABLE, node.node(), "cannot connect to " + node + ": " + e.getMessage())));
  }

  public Future<Void> close() {
    return net.close();
  }
}
