package io.dfs.auth.keys;

import io.dfs.common.config.AuthConfig;
import io.dfs.common.error.DfsException;
import io.dfs.common.error.ErrorCode;
import io.dfs.common.security.SigningKey;
import io.dfs.common.security.TokenSigner;
import io.dfs.common.security.TokenVerifier;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys of a running auth server: the signer tokens are issued with now, the JWKS published
 * now, a verifier for tokens this server issued, and rotation.
 *
 * <p>A {@link #rotate() rotation} generates a new ES256 key, proves with {@link TokenSelfTest} that
 * its tokens verify, persists it through {@link SigningKeyStore#rotate} and only then switches
 * signing to it. The key it replaces stays in the JWKS for {@link #retention()}: the token
 * lifetime, plus the verifiers' {@link TokenVerifier#LEEWAY_SECONDS leeway}, plus
 * {@link #ROTATION_MARGIN} for tokens signed while the rotation was being written. By then every
 * token it signed has expired, and it leaves the JWKS (at once, since the JWKS is computed per
 * request; its files at the next start or rotation).
 *
 * <p>Readers may call from any thread; one rotation runs at a time.
 */
public final class SigningKeys {
  /** Covers tokens the old key signs between the rotation's start and the switch. */
  public static final Duration ROTATION_MARGIN = Duration.ofSeconds(5);
  private static final Logger LOG = LoggerFactory.getLogger(SigningKeys.class);

  /** What a rotation did: {@code kid} signs now, in place of {@code previousKid}. */
  public record Rotation(String kid, String previousKid) {}

  private record Current(KeySet keys, TokenSigner signer, TokenVerifier verifier) {}

  private final Vertx vertx;
  private final SigningKeyStore store;
  private final Clock clock;
  private final String issuer;
  private final String audience;
  private final Duration tokenTtl;
  private final AtomicBoolean rotating = new AtomicBoolean();
  private volatile Current current;

  private SigningKeys(Vertx vertx, SigningKeyStore store, Clock clock, AuthConfig config) {
    this.vertx = vertx;
    this.store = store;
    this.clock = clock;
    this.issuer = config.issuer();
    this.audience = config.audience();
    this.tokenTtl = config.tokenTtl();
  }

  /**
   * Loads (or on first start generates) the keys of {@code dataDir} and self-tests them; fails with
   * the reason if a key is damaged or the self-test fails.
   */
  public static Future<SigningKeys> load(Vertx vertx, Path dataDir, AuthConfig config, Clock clock) {
    SigningKeys keys = new SigningKeys(vertx, SigningKeyStore.inDataDir(dataDir), clock, config);
    return vertx.executeBlocking(() -> keys.store.loadOrCreate(clock.instant()))
        .compose(keys::prepare)
        .map(ready -> {
          keys.current = ready;
          LOG.info("event=signing_key kid={} state={} published={}", ready.keys().active().kid(),
              ready.keys().generated() ? "generated" : "loaded", ready.keys().publicJwks(clock.instant()).size());
          return keys;
        });
  }

  /** Signs tokens with the active key. */
  public TokenSigner signer() {
    return current.signer();
  }

  /**
   * Signs tokens with the active key that live {@code ttl} instead of the configured lifetime (scrape
   * tokens). A rotation still retires the key after {@link #retention()}, and with it such tokens.
   */
  public TokenSigner signer(Duration ttl) {
    return new TokenSigner(vertx, current.keys().active(), issuer, audience, ttl);
  }

  /** Verifies tokens issued by this server, as any other component would over its JWKS. */
  public TokenVerifier verifier() {
    return current.verifier();
  }

  public String activeKid() {
    return current.keys().active().kid();
  }

  /** The JWKS as published now. */
  public JsonObject jwksDocument() {
    return current.keys().jwksDocument(clock.instant());
  }

  /** How long a key replaced by a rotation stays published. */
  public Duration retention() {
    return Duration.ofSeconds(current.signer().ttlSeconds())
        .plusSeconds(TokenVerifier.LEEWAY_SECONDS)
        .plus(ROTATION_MARGIN);
  }

  /**
   * Replaces the signing key. Completes once the new key is on disk and signs; fails with CONFLICT
   * if another rotation is under way, or with the reason if the new key could not be proven or
   * persisted (the old key then keeps signing).
   */
  public Future<Rotation> rotate() {
    if (!rotating.compareAndSet(false, true)) {
      return Future.failedFuture(new DfsException(ErrorCode.CONFLICT, "a key rotation is already in progress"));
    }
    Current before = current;
    Instant now = clock.instant();
    Instant until = now.plus(retention());
    SigningKey retiring = before.keys().active();
    return vertx.executeBlocking(SigningKey::generate)
        .compose(next -> prepare(before.keys().rotatedTo(next, now, until))
            .compose(ready -> vertx.executeBlocking(() -> {
              store.rotate(retiring, next, now, until);
              return ready;
            })))
        .map(ready -> {
          current = ready;
          LOG.info("event=signing_key_rotated kid={} previousKid={} previousPublishedUntil={}",
              ready.keys().active().kid(), retiring.kid(), until);
          return new Rotation(ready.keys().active().kid(), retiring.kid());
        })
        .andThen(ar -> rotating.set(false));
  }

  private Future<Current> prepare(KeySet keys) {
    TokenSigner signer = new TokenSigner(vertx, keys.active(), issuer, audience, tokenTtl);
    return TokenSelfTest.run(vertx, signer, keys.publicJwks(clock.instant()), issuer, audience)
        .compose(v -> TokenVerifier.create(vertx, issuer, audience,
            () -> Future.succeededFuture(keys.publicJwks(clock.instant()))))
        .map(verifier -> new Current(keys, signer, verifier));
  }
}
