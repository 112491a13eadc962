package io.dfs.datanode.wire;

import io.dfs.common.error.DfsException;
import io.dfs.common.security.BlockOp;
import io.dfs.common.security.Principal;
import io.dfs.common.security.Roles;
import io.dfs.common.security.TokenVerifier;
import io.dfs.common.wire.BlockProtocol;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Collection;

/**
 * The two checks every block protocol request passes. The {@code auth} token says who is calling
 * and must carry one of the roles the request needs (UNAUTHORIZED for a missing or invalid token,
 * FORBIDDEN for a valid one without those roles). The {@code blockToken}, meta's capability, must
 * grant the operation on every block the request touches; a person's block token must also have
 * been issued to that person, so a token overheard is no use with another account.
 */
final class RequestAuth {
  private RequestAuth() {}

  static Future<Principal> caller(TokenVerifier verifier, JsonObject header, byte requestType, String... roles) {
    Object token = header.getValue("auth");
    if (!(token instanceof String s) || s.isEmpty()) {
      return Future.failedFuture(DfsException.unauthorized("request has no 'auth' token"));
    }
    return verifier.verify(s).compose(p -> p.hasAnyRole(roles)
        ? Future.succeededFuture(p)
        : Future.failedFuture(DfsException.forbidden("a token with roles " + p.roles() + " may not send "
            + BlockProtocol.typeName(requestType) + "; it needs one of " + String.join(", ", roles))));
  }

  static Future<Void> grant(BlockKeys keys, JsonObject header, Principal caller, BlockOp op,
      Collection<String> blockIds) {
    Object token = header.getValue("blockToken");
    if (!(token instanceof String s) || s.isEmpty()) {
      return Future.failedFuture(DfsException.unauthorized("request has no 'blockToken'"));
    }
    return keys.verifier()
        .compose(v -> v.check(s, op, blockIds))
        .compose(subject -> {
          boolean service = caller.hasAnyRole(Roles.DATANODE, Roles.META);
          if (!service && !subject.equals(caller.subject())) {
            return Future.failedFuture(DfsException.forbidden("the block token was issued to another user"));
          }
          return Future.succeededFuture();
        });
  }
}
