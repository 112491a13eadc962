package io.dfs.common.security;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * Issues JWTs with one key, ES256 (auth's tokens) or HS256 (meta's block tokens): {@code iss},
 * {@code aud}, {@code sub}, {@code roles}, {@code iat}, {@code exp}, {@code jti}, and the key's
 * {@code kid} in the header. Every token has an expiry; there is no way to issue one without.
 */
public final class TokenSigner {
  private final JWTAuth jwt;
  private final JWTOptions options;
  private final Duration ttl;

  /** Signs ES256 with the private half of {@code key}. */
  public TokenSigner(Vertx vertx, SigningKey key, String issuer, String audience, Duration ttl) {
    this(JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions()
            .setAlgorithm(TokenAlgorithm.ES256.name()).setBuffer(key.privatePem()).setId(key.kid()))),
        TokenAlgorithm.ES256, key.kid(), issuer, audience, ttl);
  }

  /** Signs HS256 with the secret {@code key}. */
  public TokenSigner(Vertx vertx, HmacKey key, String issuer, String audience, Duration ttl) {
    this(JWTAuth.create(vertx, new JWTAuthOptions().addJwk(key.secretJwk())),
        TokenAlgorithm.HS256, key.kid(), issuer, audience, ttl);
  }

  private TokenSigner(JWTAuth jwt, TokenAlgorithm algorithm, String kid, String issuer, String audience,
      Duration ttl) {
    this.jwt = jwt;
    this.ttl = ttl;
    this.options = new JWTOptions()
        .setAlgorithm(algorithm.name())
        .setIssuer(issuer)
        .setAudience(List.of(audience))
        .setExpiresInSeconds((int) Math.max(1, ttl.toSeconds()))
        .setHeader(new JsonObject().put("kid", kid));
  }

  public String sign(String subject, Collection<String> roles) {
    return signClaims(new JsonObject()
        .put("sub", subject)
        .put("roles", new JsonArray(List.copyOf(roles)))
        .put("jti", UUID.randomUUID().toString()));
  }

  /** A token with these claims plus {@code iss}, {@code aud}, {@code iat} and {@code exp}. */
  public String signClaims(JsonObject claims) {
    return jwt.generateToken(claims, options);
  }

  /** Seconds until a token issued now expires. */
  public long ttlSeconds() {
    return Math.max(1, ttl.toSeconds());
  }
}
