package io.dfs.datanode.wire;

import io.vertx.core.http.ClientAuth;
import io.dfs.common.tls.Tls;
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
  /** Bytes queued on a socket before its writer is asked to wait. */
  static final int WRITE_QUEUE_BYTES = 1024 * 1024;

  private final BlockService service;
  private NetServer server;

  public BlockServerVerticle(BlockService service) {
    this.service = service;
  }

  @Override
  public Future<?> start() {
    // Peers and meta show their certificates; clients, who have none, are known by their tokens.
    server = vertx.createNetServer(Tls.server(new NetServerOptions()
        .setHost(service.config.host())
        .setPort(service.config.port())
        .setIdleTimeout((int) service.config.idleTimeout().toMillis())
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
        .setTcpNoDelay(true), service.config.tls(), ClientAuth.REQUEST));
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
