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
 * {@code exp}, as {@link SigningKeys#verifier()} checks) and carries one of the route's roles. No
 * or a bad token: 401 with {@code WWW-Authenticate: Bearer}; another role: 403. The principal is
 * then in the context under {@link BearerAuth#PRINCIPAL}. Refusals are audited, and so are grants
 * unless the route is one a scraper calls every few seconds.
 */
final class RoleTokenCheck implements Handler<RoutingContext> {
  private final SigningKeys keys;
  private final String action;
  private final boolean auditGrants;
  private final String[] roles;

  private RoleTokenCheck(SigningKeys keys, String action, boolean auditGrants, String... roles) {
    this.keys = keys;
    this.action = action;
    this.auditGrants = auditGrants;
    this.roles = roles;
  }

  /** For an operator's action ({@code rotate_keys}): role {@code admin}, every decision audited. */
  static RoleTokenCheck admin(SigningKeys keys, String action) {
    return new RoleTokenCheck(keys, action, true, Roles.ADMIN);
  }

  /** For a route polled by machines: any of {@code roles}; only refusals audited. */
  static RoleTokenCheck polled(SigningKeys keys, String action, String... roles) {
    return new RoleTokenCheck(keys, action, false, roles);
  }

  @Override
  public void handle(RoutingContext ctx) {
    String from = RemoteAddress.of(ctx);
    String header = ctx.request().getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      AuditLog.decision(AuditLog.NOBODY, AuditLog.NOBODY, action, from, AuditLog.Outcome.DENIED);
      ctx.fail(DfsException.unauthorized("missing bearer token").audited());
      return;
    }
    keys.verifier().verify(header.substring(7).trim()).onComplete(ar -> {
      if (ar.failed()) {
        AuditLog.decision(AuditLog.NOBODY, AuditLog.NOBODY, action, from, AuditLog.Outcome.DENIED);
        ctx.fail(DfsException.of(ar.cause()).audited());
        return;
      }
      Principal principal = ar.result();
      if (!principal.hasAnyRole(roles)) {
        AuditLog.decision(principal.subject(), kindOf(principal), action, from, AuditLog.Outcome.FORBIDDEN);
        ctx.fail(DfsException.forbidden(action + " needs a token with role " + String.join(" or ", roles)).audited());
        return;
      }
      if (auditGrants) {
        AuditLog.decision(principal.subject(), kindOf(principal), action, from, AuditLog.Outcome.OK);
      }
      ctx.put(BearerAuth.PRINCIPAL, principal);
      ctx.next();
    });
  }

  private static String kindOf(Principal principal) {
    return principal.hasAnyRole(Roles.DATANODE, Roles.META) ? "service" : "user";
  }
}
