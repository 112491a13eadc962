package io.dfs.common.security;

import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

/**
 * A random 256-bit HS256 secret with its key id. Whoever holds it can sign tokens as well as check
 * them, so it lives in memory only and its JWK goes only to those meant to check; it never
 * appears in {@link #toString()}.
 */
public final class HmacKey {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int SECRET_BYTES = 32;

  private final String kid;
  private final byte[] secret;

  private HmacKey(String kid, byte[] secret) {
    this.kid = kid;
    this.secret = secret;
  }

  public static HmacKey generate() {
    byte[] secret = new byte[SECRET_BYTES];
    RANDOM.nextBytes(secret);
    return new HmacKey(UUID.randomUUID().toString(), secret);
  }

  public String kid() {
    return kid;
  }

  /** The secret as an {@code oct} JWK: enough to sign, so for the holders of the secret only. */
  public JsonObject secretJwk() {
    return new JsonObject()
        .put("kty", TokenAlgorithm.HS256.keyType())
        .put("alg", TokenAlgorithm.HS256.name())
        .put("use", "sig")
        .put("kid", kid)
        .put("k", Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
  }

  @Override
  public String toString() {
    return "HmacKey[kid=" + kid + "]";
  }
}
