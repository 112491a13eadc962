package io.dfs.common.security;

import io.dfs.common.error.DfsException;
import io.dfs.common.http.JsonHttpClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks JWTs against a key set: signature with a key from the set, algorithm (only the verifier's
 * one {@link TokenAlgorithm}: ES256 for auth's tokens, HS256 for meta's block tokens; keys of any
 * other algorithm or type in the set are ignored), {@code iss}, {@code aud}, and {@code exp}/
 * {@code nbf}/{@code iat} with a small leeway ({@link StrictTokenCheck}). Unlike Vert.x's JWTAuth
 * alone, a token without {@code exp} is refused, and a verifier holding no usable key refuses to
 * exist (JWTAuth would then accept unsigned tokens). Before it exists it proves with
 * {@link VerifierSelfTest} that unsigned tokens and tokens without {@code exp} are refused
 * (unsigned ones again over every key set it reloads); servers build one at start, so a failed
 * proof stops them starting.
 *
 * <p>On a token whose {@code kid} it does not know, the verifier fetches the key set again, at most
 * once per {@link #REFRESH_INTERVAL_MS}, so a key rotation on auth is picked up without a restart.
 */
public final class TokenVerifier {
  private static final Logger LOG = LoggerFactory.getLogger(TokenVerifier.class);
  /** The algorithm of auth's tokens, the only one their verifiers accept. */
  public static final String ALGORITHM = TokenAlgorithm.ES256.name();
  public static final int LEEWAY_SECONDS = 30;
  /** Longer tokens are refused before any parsing. */
  public static final int MAX_TOKEN_CHARS = 8192;
  static final long REFRESH_INTERVAL_MS = 10_000;

  private final TokenAlgorithm algorithm;
  private final String issuer;
  private final String audience;
  private final int maxTokenChars;
  private final KeySource keySource;
  private final TokenCheck.Factory checks;
  private final AtomicReference<Keys> keys = new AtomicReference<>();
  private volatile long lastRefresh;
  private final VerifiedTokens verified = new VerifiedTokens(VerifiedTokens.DEFAULT_BUDGET_CHARS, System::currentTimeMillis);

  /** Where JWKS come from: auth's or meta's endpoint in production, a fixed list in unit tests. */
  public interface KeySource {
    Future<List<JsonObject>> fetch();
  }

  private record Keys(TokenCheck check, Set<String> kids) {}

  private TokenVerifier(TokenAlgorithm algorithm, String issuer, String audience, int maxTokenChars,
      KeySource keySource, TokenCheck.Factory checks) {
    this.algorithm = algorithm;
    this.issuer = issuer;
    this.audience = audience;
    this.maxTokenChars = maxTokenChars;
    this.keySource = keySource;
    this.checks = checks;
  }

  /** A verifier over auth's JWKS at {@code authUrl}/.well-known/jwks.json; fails if none usable. */
  public static Future<TokenVerifier> fromAuthServer(
      Vertx vertx, JsonHttpClient http, String authUrl, String issuer, String audience) {
    String url = authUrl.replaceAll("/+$", "") + "/.well-known/jwks.json";
    KeySource source = () -> http.get(url, null).map(TokenVerifier::keysOf);
    return create(vertx, issuer, audience, source);
  }

  /** A verifier of auth's tokens: ES256 only. */
  public static Future<TokenVerifier> create(Vertx vertx, String issuer, String audience, KeySource source) {
    return create(vertx, TokenAlgorithm.ES256, issuer, audience, MAX_TOKEN_CHARS, source);
  }

  /**
   * A verifier accepting {@code algorithm} alone, and refusing tokens longer than
   * {@code maxTokenChars} before parsing them.
   */
  public static Future<TokenVerifier> create(Vertx vertx, TokenAlgorithm algorithm, String issuer, String audience,
      int maxTokenChars, KeySource source) {
    return create(vertx, algorithm, issuer, audience, maxTokenChars, source,
        StrictTokenCheck.factory(vertx, algorithm, issuer, audience));
  }

  /**
   * A verifier whose checks come from {@code checks}; fails with a {@link TokenSelfTestFailure} if
   * they accept an unsigned token or one without {@code exp}.
   */
  static Future<TokenVerifier> create(Vertx vertx, TokenAlgorithm algorithm, String issuer, String audience,
      int maxTokenChars, KeySource source, TokenCheck.Factory checks) {
    TokenVerifier verifier = new TokenVerifier(algorithm, issuer, audience, maxTokenChars, source, checks);
    return verifier.refresh()
        .compose(v -> VerifierSelfTest.expiryRequired(vertx, algorithm, checks, issuer, audience))
        .map(verifier);
  }

  /** The keys of a JWKS document; entries that are not objects are left out. */
  static List<JsonObject> keysOf(JsonObject jwks) {
    List<JsonObject> out = new ArrayList<>();
    for (Object o : jwks.getJsonArray("keys", new JsonArray())) {
      if (o instanceof JsonObject jwk) {
        out.add(jwk);
      }
    }
    return out;
  }

  private Future<Void> refresh() {
    lastRefresh = System.currentTimeMillis();
    return keySource.fetch().compose(jwks -> {
      List<JsonObject> usable = new ArrayList<>();
      Set<String> kids = new HashSet<>();
      for (JsonObject jwk : jwks) {
        if (algorithm.fits(jwk)) {
          usable.add(jwk);
          kids.add(jwk.getString("kid"));
        }
      }
      if (usable.isEmpty()) {
        return Future.failedFuture(new IllegalStateException("the key set holds no usable " + algorithm + " key"));
      }
      TokenCheck check = checks.over(usable);
      return VerifierSelfTest.unsignedRefused(check, issuer, audience).map(v -> {
        keys.set(new Keys(check, kids));
        return null;
      });
    });
  }

  /** The principal of a valid token, or a failed future with an UNAUTHORIZED {@link DfsException}. */
  public Future<Principal> verify(String token) {
    return claims(token).compose(TokenVerifier::principalOf);
  }

  /**
   * The claims of a token with a valid signature, issuer, audience and expiry, or a failed future
   * with an UNAUTHORIZED {@link DfsException}. A token that passed before is answered from
   * {@link VerifiedTokens} until its expiry instead of having its signature checked again.
   */
  public Future<JsonObject> claims(String token) {
    if (token == null || token.isEmpty()) {
      return Future.failedFuture(DfsException.unauthorized("missing token"));
    }
    if (token.length() > maxTokenChars) {
      return Future.failedFuture(DfsException.unauthorized("token is too long"));
    }
    JsonObject known = verified.get(token);
    if (known != null) {
      return Future.succeededFuture(known);
    }
    String kid = kidOf(token);
    if (kid == null) {
      return Future.failedFuture(DfsException.unauthorized("malformed token"));
    }
    Keys current = keys.get();
    if (!current.kids().contains(kid) && System.currentTimeMillis() - lastRefresh > REFRESH_INTERVAL_MS) {
      return refresh()
          .recover(e -> {
            LOG.warn("event=jwks_refresh_failed reason=\"{}\"", e.getMessage());
            return Future.succeededFuture();
          })
          .compose(v -> keys.get().check().claims(token))
          .onSuccess(claims -> verified.put(token, claims));
    }
    return current.check().claims(token).onSuccess(claims -> verified.put(token, claims));
  }

  private static Future<Principal> principalOf(JsonObject p) {
    if (!(p.getValue("sub") instanceof String sub) || sub.isEmpty()) {
      return Future.failedFuture(DfsException.unauthorized("token has no subject"));
    }
    Set<String> roles = new HashSet<>();
    Object r = p.getValue("roles");
    if (r instanceof JsonArray arr) {
      for (Object o : arr) {
        if (o instanceof String s) {
          roles.add(s);
        }
      }
    }
    return Future.succeededFuture(new Principal(sub, Set.copyOf(roles)));
  }

  /** The {@code kid} of a token's header, or null if the header is not a JSON object with one. */
  static String kidOf(String token) {
    int dot = token.indexOf('.');
    if (dot <= 0) {
      return null;
    }
    try {
      JsonObject header = new JsonObject(new String(Base64.getUrlDecoder().decode(token.substring(0, dot)), StandardCharsets.UTF_8));
      Object kid = header.getValue("kid");
      return kid instanceof String s && s.length() <= 128 ? s : null;
    } catch (RuntimeException e) {
      return null;
    }
  }
}
