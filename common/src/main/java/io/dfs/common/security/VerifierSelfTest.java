package io.dfs.common.security;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * What a {@link TokenVerifier} proves before it checks a single real token, so that a server whose
 * checks have gone permissive (a library upgrade, a refactoring) refuses to start instead of
 * letting forged or eternal tokens in. Each failure is a {@link TokenSelfTestFailure}.
 *
 * <ul>
 *   <li>{@link #unsignedRefused}: the check over the keys actually loaded refuses an unsigned
 *       ({@code alg: none}) token — JWTAuth accepts those when it holds no usable key.
 *   <li>{@link #expiryRequired}: a check built the same way over a throwaway key of the verifier's
 *       algorithm refuses a token without {@code exp} that it signed, while accepting the same
 *       token with one. The real keys' signing halves are their issuer's alone, hence the throwaway
 *       key; the accepted twin proves the refusal was for the missing expiry and nothing else.
 * </ul>
 */
final class VerifierSelfTest {
  private static final String SUBJECT = "dfs-self-test";

  private VerifierSelfTest() {}

  static Future<Void> unsignedRefused(TokenCheck check, String issuer, String audience) {
    String header = b64(new JsonObject().put("alg", "none").put("typ", "JWT").encode());
    String unsigned = header + "." + b64(claims(issuer, audience, true).encode()) + ".";
    return mustRefuse(check, unsigned, "an unsigned (alg none) token was accepted");
  }

  static Future<Void> expiryRequired(Vertx vertx, TokenAlgorithm algorithm, TokenCheck.Factory checks,
      String issuer, String audience) {
    TokenCheck check;
    String eternal;
    String expiring;
    try {
      Probe probe = Probe.of(vertx, algorithm);
      check = checks.over(List.of(probe.jwk()));
      eternal = probe.sign(claims(issuer, audience, false));
      expiring = probe.sign(claims(issuer, audience, true));
    } catch (RuntimeException e) {
      return Future.failedFuture(new TokenSelfTestFailure("cannot build its probe token: " + e.getMessage(), e));
    }
    return check.claims(expiring)
        .transform(ar -> ar.succeeded()
            ? Future.<Void>succeededFuture()
            : Future.<Void>failedFuture(new TokenSelfTestFailure(
                "a valid token signed by the self-test's own key was refused (" + ar.cause().getMessage() + ")")))
        .compose(v -> mustRefuse(check, eternal, "a token without exp was accepted"));
  }

  private static Future<Void> mustRefuse(TokenCheck check, String token, String otherwise) {
    return check.claims(token).transform(ar -> ar.succeeded()
        ? Future.failedFuture(new TokenSelfTestFailure(otherwise))
        : Future.succeededFuture());
  }

  private static JsonObject claims(String issuer, String audience, boolean withExpiry) {
    long now = System.currentTimeMillis() / 1000;
    JsonObject c = new JsonObject().put("sub", SUBJECT).put("iss", issuer).put("aud", audience).put("iat", now);
    return withExpiry ? c.put("exp", now + 60) : c;
  }

  /** A throwaway key of one algorithm: the JWK a check verifies with, and a signer for it. */
  private record Probe(TokenAlgorithm algorithm, String kid, JsonObject jwk, JWTAuth signer) {
    static Probe of(Vertx vertx, TokenAlgorithm algorithm) {
      return switch (algorithm) {
        case ES256 -> {
          SigningKey key = SigningKey.generate();
          yield new Probe(algorithm, key.kid(), key.publicJwk(), JWTAuth.create(vertx, new JWTAuthOptions()
              .addPubSecKey(new PubSecKeyOptions().setAlgorithm(algorithm.name()).setBuffer(key.privatePem())
                  .setId(key.kid()))));
        }
        case HS256 -> {
          HmacKey key = HmacKey.generate();
          yield new Probe(algorithm, key.kid(), key.secretJwk(),
              JWTAuth.create(vertx, new JWTAuthOptions().addJwk(key.secretJwk())));
        }
      };
    }

    /** A token carrying exactly {@code claims}: no {@code iat} or {@code exp} of JWTAuth's own. */
    String sign(JsonObject claims) {
      return signer.generateToken(claims, new JWTOptions().setAlgorithm(algorithm.name()).setNoTimestamp(true)
          .setHeader(new JsonObject().put("kid", kid)));
    }
  }

  private static String b64(String s) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
