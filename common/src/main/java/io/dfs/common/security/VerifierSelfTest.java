package io.dfs.common.security;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
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
 *   <li>{@link #expiryRequired}: a check built the same way over a throwaway key refuses a token
 *       without {@code exp} that it signed, while accepting the same token with one. The real keys'
 *       private halves are auth's alone, hence the throwaway key; the accepted twin proves the
 *       refusal was for the missing expiry and nothing else.
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

  static Future<Void> expiryRequired(TokenCheck.Factory checks, String issuer, String audience) {
    SigningKey probe = SigningKey.generate();
    TokenCheck check;
    String eternal;
    String expiring;
    try {
      check = checks.over(List.of(probe.publicJwk()));
      eternal = sign(probe, claims(issuer, audience, false));
      expiring = sign(probe, claims(issuer, audience, true));
    } catch (GeneralSecurityException | RuntimeException e) {
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

  /** An ES256 JWS in compact form, signed by hand so that its claims are exactly these. */
  private static String sign(SigningKey key, JsonObject claims) throws GeneralSecurityException {
    String header = new JsonObject().put("alg", TokenVerifier.ALGORITHM).put("typ", "JWT").put("kid", key.kid()).encode();
    String input = b64(header) + "." + b64(claims.encode());
    Signature signature = Signature.getInstance("SHA256withECDSAinP1363Format");
    signature.initSign(key.keyPair().getPrivate());
    signature.update(input.getBytes(StandardCharsets.US_ASCII));
    return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature.sign());
  }

  private static String b64(String s) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
