package io.dfs.datanode.wire;

import io.dfs.common.audit.Audit;
import io.dfs.common.error.DfsException;
import io.dfs.common.error.ErrorCode;
import io.dfs.common.http.RemoteAddress;
import io.dfs.common.security.BlockOp;
import io.dfs.common.security.Principal;
import io.dfs.common.security.Roles;
import io.dfs.common.wire.BlockProtocol;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Collection;

/**
 * The two checks every block protocol request passes. The {@code auth} token says who is calling
 * and must carry one of the roles the request needs (UNAUTHORIZED for a missing or invalid token,
 * FORBIDDEN for a valid one without those roles). The {@code blockToken}, meta's capability, must
 * grant the operation on every block the request touches; a person's block token must also have
 * been issued to that person, so a token overheard is no use with another account. Each refusal
 * leaves an audit line.
 */
final class RequestAuth {
  private RequestAuth() {}

  static Future<Principal> caller(BlockService service, BlockConnection conn, JsonObject header, byte requestType,
      String... roles) {
    String what = BlockProtocol.typeName(requestType);
    Object token = header.getValue("auth");
    if (!(token instanceof String s) || s.isEmpty()) {
      return refused(null, what, conn, DfsException.unauthorized("request has no 'auth' token"));
    }
    return service.verifier.verify(s)
        .recover(e -> refused(null, what, conn, e))
        .compose(p -> p.hasAnyRole(roles)
            ? Future.succeededFuture(p)
            : refused(p, what, conn, DfsException.forbidden("a token with roles " + p.roles() + " may not send "
                + what + "; it needs one of " + String.join(", ", roles))));
  }

  static Future<Void> grant(BlockService service, BlockConnection conn, JsonObject header, Principal caller,
      BlockOp op, Collection<String> blockIds) {
    String what = op.name().toLowerCase() + " " + describe(blockIds);
    Object token = header.getValue("blockToken");
    if (!(token instanceof String s) || s.isEmpty()) {
      return refused(caller, what, conn, DfsException.unauthorized("request has no 'blockToken'"));
    }
    return service.blockKeys.verifier()
        .compose(v -> v.check(s, op, blockIds))
        .compose(subject -> {
          boolean serviceCaller = caller.hasAnyRole(Roles.DATANODE, Roles.META);
          if (!serviceCaller && !subject.equals(caller.subject())) {
            return Future.failedFuture(DfsException.forbidden("the block token was issued to another user"));
          }
          return Future.<Void>succeededFuture();
        })
        .recover(e -> refused(caller, what, conn, e));
  }

  /** Audits a refusal; other failures (meta's keys out of reach) pass through unrecorded. */
  private static <T> Future<T> refused(Principal caller, String what, BlockConnection conn, Throwable failure) {
    DfsException e = DfsException.of(failure);
    String from = RemoteAddress.of(conn.socket().remoteAddress());
    if (e.code() != ErrorCode.UNAUTHORIZED && e.code() != ErrorCode.FORBIDDEN) {
      return Future.failedFuture(e);
    }
    if (caller == null || e.code() == ErrorCode.UNAUTHORIZED) {
      Audit.refused(what, from, e.getMessage());
    } else {
      Audit.forbidden(caller.subject(), what, from, e.getMessage());
    }
    return Future.failedFuture(e.audited());
  }

  private static String describe(Collection<String> blockIds) {
    return blockIds.size() == 1 ? blockIds.iterator().next() : blockIds.size() + " blocks";
  }
}
