package io.dfs.datanode.wire;

import io.dfs.common.error.DfsException;
import io.dfs.common.security.Principal;
import io.dfs.common.security.TokenVerifier;
import io.dfs.common.wire.BlockProtocol;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * Checks the {@code auth} token of a block protocol request against the roles the request needs:
 * UNAUTHORIZED for a missing or invalid token, FORBIDDEN for a valid one without those roles.
 */
final class RequestAuth {
  private RequestAuth() {}

  static Future<Principal> check(TokenVerifier verifier, JsonObject header, byte requestType, String... roles) {
    Object token = header.getValue("auth");
    if (!(token instanceof String s) || s.isEmpty()) {
      return Future.failedFuture(DfsException.unauthorized("request has no 'auth' token"));
    }
    return verifier.verify(s).compose(p -> p.hasAnyRole(roles)
        ? Future.succeededFuture(p)
        : Future.failedFuture(DfsException.forbidden("a token with roles " + p.roles() + " may not send "
            + BlockProtocol.typeName(requestType) + "; it needs one of " + String.join(", ", roles))));
  }
}
