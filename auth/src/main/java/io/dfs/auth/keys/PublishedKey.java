package io.dfs.auth.keys;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * A public key of the JWKS.
 *
 * @param jwk its public JWK
 * @param until when a rotation retired it: the instant the last token it signed has expired (and
 *     the verifiers' leeway passed), after which it is no longer published; null for the active key
 *     and for keys an operator placed, which are published while their file is there
 */
public record PublishedKey(JsonObject jwk, Instant until) {
  public PublishedKey {
    jwk = jwk.copy();
  }

  @Override
  public JsonObject jwk() {
    return jwk.copy();
  }

  public String kid() {
    return jwk.getString("kid");
  }

  public boolean publishedAt(Instant now) {
    return until == null || now.isBefore(until);
  }
}
