package io.dfs.common.http;

import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;

/** The client's address as logs, the audit trail and the login throttle see it: the peer of the connection. */
public final class RemoteAddress {
  private RemoteAddress() {}

  public static String of(RoutingContext ctx) {
    return of(ctx.request().remoteAddress());
  }

  /** The host address of a connection's peer, as on the HTTP ports; {@code -} if unknown. */
  public static String of(SocketAddress address) {
    return address == null || address.hostAddress() == null ? "-" : address.hostAddress();
  }
}
