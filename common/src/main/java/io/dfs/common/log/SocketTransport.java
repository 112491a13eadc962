package io.dfs.common.log;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The socket transport every DFS Vert.x asks for, and the one it got. Netty's native epoll
 * transport makes fewer system calls per request than the JDK's selector; its library is shipped
 * for x86-64 Linux, and elsewhere Vert.x falls back to the JDK's.
 */
public final class SocketTransport {
  private static final Logger LOG = LoggerFactory.getLogger(SocketTransport.class);

  private SocketTransport() {}

  /** {@code options}, asking for the native transport. */
  public static VertxOptions preferNative(VertxOptions options) {
    return options.setPreferNativeTransport(true);
  }

  /**
   * {@code epoll} (the only native transport shipped) or {@code nio}; when the native one was asked
   * for and did not load, also logs why, which Vert.x does not say.
   */
  public static String of(Vertx vertx) {
    if (vertx.isNativeTransportEnabled()) {
      return "epoll";
    }
    Throwable why = vertx.unavailableNativeTransportCause();
    if (why != null) {
      LOG.warn("event=native_transport_unavailable transport=nio reason=\"{}\"",
          LogText.oneLine(String.valueOf(why.getMessage())));
    }
    return "nio";
  }
}
