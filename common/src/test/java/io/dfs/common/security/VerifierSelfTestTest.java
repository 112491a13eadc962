package io.dfs.common.security;

import static org.junit.jupiter.api.Assertions.*;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A verifier refuses to exist, and so the server building it at start refuses to start, when its
 * checks would let an unsigned token or one without {@code exp} in. The permissive checks here are
 * Vert.x's own JWTAuth used the ways that once were, or could again be, wired in.
 */
class VerifierSelfTestTest {
  private static final String ISS = "dfs-auth";
  private static final String AUD = "dfs";
  private static Vertx vertx;
  private static SigningKey key;

  @BeforeAll
  static void setUp() {
    vertx = Vertx.vertx();
    key = SigningKey.generate();
  }

  @AfterAll
  static void tearDown() {
    vertx.close().await();
  }

  private static Future<TokenVerifier> create(TokenCheck.Factory checks) {
    return TokenVerifier.create(vertx, TokenAlgorithm.ES256, ISS, AUD, TokenVerifier.MAX_TOKEN_CHARS,
        () -> Future.succeededFuture(List.of(key.publicJwk())), checks);
  }

  /** The same over an HS256 secret, as block-token verifiers are built. */
  private static Future<TokenVerifier> createHs256(TokenCheck.Factory checks) {
    return TokenVerifier.create(vertx, TokenAlgorithm.HS256, ISS, AUD, TokenVerifier.MAX_TOKEN_CHARS,
        () -> Future.succeededFuture(List.of(HmacKey.generate().secretJwk())), checks);
  }

  private static String startFailure(TokenCheck.Factory checks) {
    Throwable e = assertThrows(Throwable.class, () -> create(checks).await());
    assertInstanceOf(TokenSelfTestFailure.class, e);
    return e.getMessage();
  }

  private static JWTOptions rules(TokenAlgorithm algorithm) {
    return new JWTOptions().setAlgorithm(algorithm.name()).setIssuer(ISS).setAudience(List.of(AUD))
        .setLeeway(TokenVerifier.LEEWAY_SECONDS);
  }

  /** JWTAuth with our rules but without the expiry requirement on top. */
  private static TokenCheck.Factory jwtAuthAlone(TokenAlgorithm algorithm) {
    return jwks -> {
      JWTAuth auth = JWTAuth.create(vertx, new JWTAuthOptions().setJwks(jwks).setJWTOptions(rules(algorithm)));
      return token -> auth.authenticate(new TokenCredentials(token)).map(User::principal);
    };
  }

  private static TokenCheck.Factory jwtAuthAlone() {
    return jwtAuthAlone(TokenAlgorithm.ES256);
  }

  /** JWTAuth that was handed no key: it then takes unsigned tokens at their word. */
  private static TokenCheck.Factory keylessJwtAuth() {
    return jwks -> {
      JWTAuth auth = JWTAuth.create(vertx, new JWTAuthOptions().setJWTOptions(rules(TokenAlgorithm.ES256)));
      return token -> auth.authenticate(new TokenCredentials(token)).map(User::principal);
    };
  }

  private static String es256WithoutExpiry() throws Exception {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String input = b64.encodeToString(new JsonObject().put("alg", "ES256").put("kid", key.kid()).encode()
        .getBytes(StandardCharsets.UTF_8)) + "." + b64.encodeToString(new JsonObject().put("sub", "alice")
        .put("iss", ISS).put("aud", AUD).put("iat", System.currentTimeMillis() / 1000).encode()
        .getBytes(StandardCharsets.UTF_8));
    Signature sig = Signature.getInstance("SHA256withECDSAinP1363Format");
    sig.initSign(key.keyPair().getPrivate());
    sig.update(input.getBytes(StandardCharsets.US_ASCII));
    return input + "." + b64.encodeToString(sig.sign());
  }

  @Test
  void aCheckThatAcceptsTokensWithoutExpiryStopsTheStart() throws Exception {
    // The permissive check really does let such a token in: the self-test is what stands in the way.
    String eternal = es256WithoutExpiry();
    assertEquals("alice", jwtAuthAlone().over(List.of(key.publicJwk())).claims(eternal).await().getString("sub"));

    assertEquals("token self-test failed: a token without exp was accepted", startFailure(jwtAuthAlone()));
  }

  @Test
  void aCheckThatAcceptsUnsignedTokensStopsTheStart() {
    assertEquals("token self-test failed: an unsigned (alg none) token was accepted", startFailure(keylessJwtAuth()));
  }

  @Test
  void aCheckThatRefusesEvenValidTokensFailsTheProofToo() {
    // Refusing a token without exp proves nothing if the same token with exp is refused too.
    TokenCheck.Factory refuseAll = jwks -> token -> Future.failedFuture("no");
    String message = startFailure(refuseAll);
    assertTrue(message.startsWith("token self-test failed: a valid token signed by the self-test's own key was refused"),
        message);
  }

  @Test
  void theStrictCheckPassesAndItsVerifierRefusesTokensWithoutExpiry() throws Exception {
    TokenVerifier verifier = create(StrictTokenCheck.factory(vertx, TokenAlgorithm.ES256, ISS, AUD)).await();
    assertThrows(Exception.class, () -> verifier.verify(es256WithoutExpiry()).await());
  }

  @Test
  void anHs256VerifierProvesTheSameWithASecretOfItsOwn() {
    assertEquals("token self-test failed: a token without exp was accepted",
        assertThrows(TokenSelfTestFailure.class, () -> createHs256(jwtAuthAlone(TokenAlgorithm.HS256)).await())
            .getMessage());
    assertEquals("token self-test failed: an unsigned (alg none) token was accepted",
        assertThrows(TokenSelfTestFailure.class, () -> createHs256(keylessJwtAuth()).await()).getMessage());
    assertNotNull(createHs256(StrictTokenCheck.factory(vertx, TokenAlgorithm.HS256, ISS, AUD)).await());
  }
}
