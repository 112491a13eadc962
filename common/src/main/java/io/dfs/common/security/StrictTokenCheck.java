package io.dfs.common.security;

import io.dfs.common.error.DfsException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.util.List;

/**
 * The check every DFS token gets: Vert.x's JWTAuth over the given keys (all of one algorithm, which
 * is what limits JWTAuth to it) with that algorithm, our issuer, audience and leeway, and then an {@code exp} claim, which JWTAuth alone does not demand.
 * Failures are UNAUTHORIZED {@link DfsException}s.
 */
final class StrictTokenCheck implements TokenCheck {
  private final JWTAuth auth;

  private StrictTokenCheck(JWTAuth auth) {
    this.auth = auth;
  }

  static TokenCheck.Factory factory(Vertx vertx, TokenAlgorithm algorithm, String issuer, String audience) {
    JWTOptions rules = new JWTOptions()
        .setAlgorithm(algorithm.name())
        .setIssuer(issuer)
        .setAudience(List.of(audience))
        .setLeeway(TokenVerifier.LEEWAY_SECONDS);
    return jwks -> new StrictTokenCheck(
        JWTAuth.create(vertx, new JWTAuthOptions().setJwks(jwks).setJWTOptions(rules)));
  }

  @Override
  public Future<JsonObject> claims(String token) {
    return auth.authenticate(new TokenCredentials(token))
        .recover(e -> Future.failedFuture(DfsException.unauthorized(reason(e))))
        .compose(StrictTokenCheck::expiring);
  }

  private static Future<JsonObject> expiring(User user) {
    JsonObject attrs = user.attributes();
    if (attrs == null || !(attrs.getValue("exp") instanceof Number)) {
      return Future.failedFuture(DfsException.unauthorized("token has no expiry"));
    }
    // Vert.x keeps exp among the attributes and the raw token in the principal; the claims carry
    // the one (callers and the verified-token cache need it) and not the other.
    JsonObject claims = user.principal().copy();
    claims.remove("access_token");
    claims.put("exp", attrs.getValue("exp"));
    return Future.succeededFuture(claims);
  }

  private static String reason(Throwable e) {
    String m = String.valueOf(e.getMessage()).toLowerCase();
    if (m.contains("expired")) {
      return "token expired";
    }
    return "invalid token";
  }
}
