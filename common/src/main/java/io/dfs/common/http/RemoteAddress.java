package io.dfs.common.http;

import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;

/** The client's address as logs, the audit trail and the login throttle see it: the peer of the connection. */
public final class RemoteAddress {
  private RemoteAddress() {}

  public static String of(RoutingContext ctx) {
    SocketAddress address = ctx.request().remoteAddress();
    return address == null || address.hostAddress() == null ? "-" : address.hostAddress();
  }
}
