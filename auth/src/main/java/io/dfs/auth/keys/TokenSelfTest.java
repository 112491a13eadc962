package io.dfs.auth.keys;

import io.dfs.common.security.TokenSelfTestFailure;
import io.dfs.common.security.TokenSigner;
import io.dfs.common.security.TokenVerifier;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Proves at start that what the server issues is what its JWKS lets others verify: a verifier
 * built the way every other component builds one (over the JWKS the server is about to publish)
 * must accept a fresh token and refuse the same token with a changed payload. A key rotation runs
 * the same proof on the new key before anything is written. {@link TokenVerifier} itself already
 * refuses to exist if it would accept unsigned tokens or tokens without {@code exp}. The server does not start (and a rotation
 * does not happen) if any of this fails.
 */
public final class TokenSelfTest {
  static final String SUBJECT = "dfs-auth-self-test";

  private TokenSelfTest() {}

  /** Completes when all checks pass; fails with the reason otherwise. */
  public static Future<Void> run(Vertx vertx, TokenSigner signer, List<JsonObject> jwks, String issuer,
      String audience) {
    return TokenVerifier.create(vertx, issuer, audience, () -> Future.succeededFuture(jwks))
        .compose(verifier -> {
          String token = signer.sign(SUBJECT, List.of());
          return verifier.verify(token)
              .compose(principal -> SUBJECT.equals(principal.subject())
                  ? Future.succeededFuture()
                  : Future.failedFuture("a signed token came back with subject " + principal.subject()))
              .compose(v -> verifier.verify(tampered(token)).transform(ar -> ar.succeeded()
                  ? Future.failedFuture("a token with a changed payload was accepted")
                  : Future.<Void>succeededFuture()));
        })
        .recover(e -> Future.failedFuture(e instanceof TokenSelfTestFailure ? e
            : new IllegalStateException(TokenSelfTestFailure.PREFIX + e.getMessage(), e)));
  }

  /** The token with its payload replaced by another valid one, signature kept. */
  private static String tampered(String token) {
    String[] parts = token.split("\\.");
    String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
        .replace(SUBJECT, "dfs-auth-self-tesT");
    String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8));
    return parts[0] + "." + encoded + "." + parts[2];
  }
}
