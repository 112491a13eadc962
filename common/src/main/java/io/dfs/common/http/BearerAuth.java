package io.dfs.common.http;

import io.dfs.common.audit.Audit;
import io.dfs.common.error.DfsException;
import io.dfs.common.security.Principal;
import io.dfs.common.security.TokenVerifier;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * A route handler that admits a request only with a valid {@code Authorization: Bearer} token
 * whose principal has one of the given roles; the principal is then in the context under
 * {@link #PRINCIPAL}.
 */
public final class BearerAuth implements Handler<RoutingContext> {
  public static final String PRINCIPAL = "dfs.principal";

  private final TokenVerifier verifier;
  private final String[] roles;

  private BearerAuth(TokenVerifier verifier, String... roles) {
    this.verifier = verifier;
    this.roles = roles;
  }

  /** Admits tokens with any of {@code roles}. */
  public static BearerAuth requiring(TokenVerifier verifier, String... roles) {
    return new BearerAuth(verifier, roles);
  }

  @Override
  public void handle(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      refuse(ctx, DfsException.unauthorized("missing bearer token"));
      return;
    }
    verifier.verify(header.substring(7).trim()).onComplete(ar -> {
      if (ar.failed()) {
        refuse(ctx, ar.cause());
      } else if (!ar.result().hasAnyRole(roles)) {
        String why = ctx.request().path() + " needs one of the roles " + String.join(", ", roles)
            + "; this account has " + String.join(", ", ar.result().roles());
        Audit.forbidden(ar.result().subject(), what(ctx), RemoteAddress.of(ctx), why);
        ctx.fail(DfsException.forbidden(why).audited());
      } else {
        ctx.put(PRINCIPAL, ar.result());
        ctx.next();
      }
    });
  }

  private static void refuse(RoutingContext ctx, Throwable why) {
    Audit.refused(what(ctx), RemoteAddress.of(ctx), why.getMessage());
    ctx.fail(why instanceof DfsException d ? d.audited() : why);
  }

  private static String what(RoutingContext ctx) {
    return ctx.request().method() + " " + ctx.request().path();
  }

  public static Principal principal(RoutingContext ctx) {
    return ctx.get(PRINCIPAL);
  }
}
