package io.dfs.common.security;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * One token's check against a fixed set of keys: the claims of a token that passes, else a
 * failed future. {@link TokenVerifier} holds one per JWKS it has loaded and proves each with
 * {@link VerifierSelfTest} before using it.
 */
@FunctionalInterface
interface TokenCheck {
  Future<JsonObject> claims(String token);

  /** Builds the check for a set of JWKs of one algorithm; called again on every JWKS refresh. */
  @FunctionalInterface
  interface Factory {
    TokenCheck over(List<JsonObject> jwks);
  }
}
