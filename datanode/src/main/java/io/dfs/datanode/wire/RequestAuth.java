package io.dfs.datanode.wire;

import io.dfs.common.error.DfsException;
import io.dfs.common.security.Principal;
import io.dfs.common.security.TokenVerifier;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** Checks the {@code auth} token of a block protocol request against the roles it needs. */
final class RequestAuth {
  private RequestAuth() {}

  static Future<Principal> check(TokenVerifier verifier, JsonObject header, String... roles) {
    Object token = header.getValue("auth");
    if (!(token instanceof String s)) {
      return Future.failedFuture(DfsException.unauthorized("request has no auth token"));
    }
    return verifier.verify(s).compose(p -> p.hasAnyRole(roles)
        ? Future.succeededFuture(p)
        : Future.failedFuture(DfsException.forbidden("token role may not make this request")));
  }
}
