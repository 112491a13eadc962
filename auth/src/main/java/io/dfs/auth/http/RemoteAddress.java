package io.dfs.auth.http;

import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;

/** The client's address as logs and the login throttle see it: the peer of the connection. */
final class RemoteAddress {
  private RemoteAddress() {}

  static String of(RoutingContext ctx) {
    SocketAddress address = ctx.request().remoteAddress();
    return address == null || address.hostAddress() == null ? "-" : address.hostAddress();
  }
}
