package io.dfs.common.log;

import io.vertx.core.Vertx;

/** The socket transport a Vert.x runs on, as a server's start line names it. */
public final class SocketTransport {
  private SocketTransport() {}

  /**
   * {@code epoll} when Netty's native transport loaded (every DFS Vert.x asks for it), else
   * {@code nio}: the JDK's, which works everywhere but makes more system calls per request.
   */
  public static String of(Vertx vertx) {
    return vertx.isNativeTransportEnabled() ? "epoll" : "nio";
  }
}
