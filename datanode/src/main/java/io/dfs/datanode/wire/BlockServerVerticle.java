package io.dfs.datanode.wire;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import java.util.concurrent.TimeUnit;

/**
 * The block protocol listener on the config's host and port (0 picks a free port): one
 * {@link BlockConnection} per accepted socket. Deployment completes once it listens.
 */
public final class BlockServerVerticle extends VerticleBase {
  /** A connection with no traffic either way for this long is closed (stalled or abandoned peers). */
  static final int IDLE_TIMEOUT_SECONDS = 60;
  /** Bytes queued on a socket before its writer is asked to wait. */
  static final int WRITE_QUEUE_BYTES = 1024 * 1024;

  private final BlockService service;
  private NetServer server;

  public BlockServerVerticle(BlockService service) {
    this.service = service;
  }

  @Override
  public Future<?> start() {
    server = vertx.createNetServer(new NetServerOptions()
        .setHost(service.config.host())
        .setPort(service.config.port())
        .setIdleTimeout(IDLE_TIMEOUT_SECONDS)
        .setIdleTimeoutUnit(TimeUnit.SECONDS)
        .setTcpNoDelay(true));
    server.connectHandler(socket -> {
      socket.setWriteQueueMaxSize(WRITE_QUEUE_BYTES);
      new BlockConnection(socket, service).start();
    });
    return server.listen();
  }

  /** The port it listens on; valid once deployed. */
  public int actualPort() {
    return server.actualPort();
  }
}
