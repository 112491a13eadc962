package io.dfs.common.http;

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
      ctx.fail(DfsException.unauthorized("missing bearer token"));
      return;
    }
    verifier.verify(header.substring(7).trim()).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else if (!ar.result().hasAnyRole(roles)) {
        ctx.fail(DfsException.forbidden("this token's roles do not allow " + ctx.request().path()));
      } else {
        ctx.put(PRINCIPAL, ar.result());
        ctx.next();
      }
    });
  }

  public static Principal principal(RoutingContext ctx) {
    return ctx.get(PRINCIPAL);
  }
}
