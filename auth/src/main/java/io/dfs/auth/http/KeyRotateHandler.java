package io.dfs.auth.http;

import io.dfs.auth.audit.AuditLog;
import io.dfs.auth.keys.SigningKeys;
import io.dfs.common.http.BearerAuth;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /v1/keys/rotate} (behind an admin {@link RoleTokenCheck}): replaces the signing key, see
 * {@link SigningKeys#rotate()}, and answers {@code {"kid", "previousKid"}}. A rotation already under
 * way answers 409 {@code conflict}.
 */
final class KeyRotateHandler implements Handler<RoutingContext> {
  private final SigningKeys keys;

  KeyRotateHandler(SigningKeys keys) {
    this.keys = keys;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String who = BearerAuth.principal(ctx).subject();
    keys.rotate()
        .onSuccess(rotation -> {
          AuditLog.keyRotated(who, rotation.kid(), rotation.previousKid());
          ctx.response().putHeader("Cache-Control", "no-store");
          ctx.json(new JsonObject().put("kid", rotation.kid()).put("previousKid", rotation.previousKid()));
        })
        .onFailure(ctx::fail);
  }
}
