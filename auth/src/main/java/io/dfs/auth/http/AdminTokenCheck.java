package io.dfs.auth.http;

import io.dfs.common.http.RemoteAddress;
import io.dfs.auth.audit.AuditLog;
import io.dfs.auth.keys.SigningKeys;
import io.dfs.common.error.DfsException;
import io.dfs.common.http.BearerAuth;
import io.dfs.common.security.Principal;
import io.dfs.common.security.Roles;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Admits a request only with {@code Authorization: Bearer <token>} where the token was issued by
 * this server (signature with one of its published keys, ES256 only, {@code iss}, {@code aud},
 * {@code exp}, as {@link SigningKeys#verifier()} checks) and carries role {@code admin}. No or a bad
 * token: 401 with {@code WWW-Authenticate: Bearer}; another role: 403. The principal is then in
 * the context under {@link BearerAuth#PRINCIPAL}. Each decision is audited.
 */
final class AdminTokenCheck implements Handler<RoutingContext> {
  private final SigningKeys keys;
  private final String action;

  /** @param action what the route does, for the audit line and the 403 message ({@code rotate_keys}) */
  AdminTokenCheck(SigningKeys keys, String action) {
    this.keys = keys;
    this.action = action;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String from = RemoteAddress.of(ctx);
    String header = ctx.request().getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      AuditLog.decision(AuditLog.NOBODY, AuditLog.NOBODY, action, from, AuditLog.Outcome.DENIED);
      ctx.fail(DfsException.unauthorized("missing bearer token"));
      return;
    }
    keys.verifier().verify(header.substring(7).trim()).onComplete(ar -> {
      if (ar.failed()) {
        AuditLog.decision(AuditLog.NOBODY, AuditLog.NOBODY, action, from, AuditLog.Outcome.DENIED);
        ctx.fail(ar.cause());
        return;
      }
      Principal principal = ar.result();
      if (!principal.hasRole(Roles.ADMIN)) {
        AuditLog.decision(principal.subject(), kindOf(principal), action, from, AuditLog.Outcome.FORBIDDEN);
        ctx.fail(DfsException.forbidden(action + " needs a token with role admin"));
        return;
      }
      AuditLog.decision(principal.subject(), kindOf(principal), action, from, AuditLog.Outcome.OK);
      ctx.put(BearerAuth.PRINCIPAL, principal);
      ctx.next();
    });
  }

  private static String kindOf(Principal principal) {
    return principal.hasAnyRole(Roles.DATANODE, Roles.META) ? "service" : "user";
  }
}
