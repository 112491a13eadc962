package io.dfs.common.security;

import static org.junit.jupiter.api.Assertions.*;

import io.dfs.common.error.DfsException;
import io.dfs.common.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TokenVerifierTest {
  private static final String ISS = "dfs-auth";
  private static final String AUD = "dfs";
  private static Vertx vertx;
  private static SigningKey key;
  private static TokenVerifier verifier;

  @BeforeAll
  static void setUp() {
    vertx = Vertx.vertx();
    key = SigningKey.generate();
    verifier = TokenVerifier.create(vertx, ISS, AUD, () -> Future.succeededFuture(List.of(key.publicJwk()))).await();
  }

  @AfterAll
  static void tearDown() {
    vertx.close().await();
  }

  private static String b64(String s) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  /** Signs arbitrary header and claims with an EC key, so tests can build any token they like. */
  private static String es256(KeyPair pair, JsonObject header, JsonObject claims) throws Exception {
    String input = b64(header.encode()) + "." + b64(claims.encode());
    Signature sig = Signature.getInstance("SHA256withECDSAinP1363Format");
    sig.initSign(pair.getPrivate());
    sig.update(input.getBytes(StandardCharsets.US_ASCII));
    return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(sig.sign());
  }

  private static JsonObject claims(long iatOffset, Long expOffset) {
    long now = System.currentTimeMillis() / 1000;
    JsonObject c = new JsonObject().put("sub", "alice").put("roles", List.of("user"))
        .put("iss", ISS).put("aud", AUD).put("iat", now + iatOffset);
    if (expOffset != null) {
      c.put("exp", now + expOffset);
    }
    return c;
  }

  private static JsonObject header(String kid) {
    return new JsonObject().put("alg", "ES256").put("typ", "JWT").put("kid", kid);
  }

  private static void assertRejected(String token) {
    Throwable e = assertThrows(Throwable.class, () -> verifier.verify(token).await());
    assertInstanceOf(DfsException.class, e);
    assertEquals(ErrorCode.UNAUTHORIZED, ((DfsException) e).code());
  }

  @Test
  void acceptsTokenFromSigner() {
    TokenSigner signer = new TokenSigner(vertx, key, ISS, AUD, Duration.ofMinutes(5));
    Principal p = verifier.verify(signer.sign("alice", Set.of("user"))).await();
    assertEquals("alice", p.subject());
    assertTrue(p.hasRole("user"));
    assertEquals(key.kid(), TokenVerifier.kidOf(signer.sign("alice", Set.of("user"))));
  }

  @Test
  void acceptsHandBuiltValidToken() throws Exception {
    assertEquals("alice", verifier.verify(es256(key.keyPair(), header(key.kid()), claims(0, 60L))).await().subject());
  }

  @Test
  void aTokenThatPassedIsNotCheckedAgainButATamperedCopyIs() throws Exception {
    java.util.concurrent.atomic.AtomicInteger checked = new java.util.concurrent.atomic.AtomicInteger();
    TokenCheck.Factory strict = StrictTokenCheck.factory(vertx, TokenAlgorithm.ES256, ISS, AUD);
    TokenCheck.Factory counting = jwks -> {
      TokenCheck check = strict.over(jwks);
      return token -> {
        checked.incrementAndGet();
        return check.claims(token);
      };
    };
    TokenVerifier cached = TokenVerifier.create(vertx, TokenAlgorithm.ES256, ISS, AUD, TokenVerifier.MAX_TOKEN_CHARS,
        () -> Future.succeededFuture(List.of(key.publicJwk())), counting).await();
    String token = es256(key.keyPair(), header(key.kid()), claims(0, 60L));
    int before = checked.get();
    assertEquals("alice", cached.verify(token).await().subject());
    assertEquals("alice", cached.verify(token).await().subject());
    assertEquals(before + 1, checked.get(), "the second use was answered without a signature check");
    String tampered = token.substring(0, token.length() - 2) + (token.endsWith("A") ? "BB" : "AA");
    assertThrows(Throwable.class, () -> cached.verify(tampered).await());
    assertEquals(before + 2, checked.get(), "a token differing in any byte is checked in full");
  }

  @Test
  void rejectsExpired() throws Exception {
    assertRejected(es256(key.keyPair(), header(key.kid()), claims(-600, -300L)));
  }

  @Test
  void rejectsWithoutExp() throws Exception {
    assertRejected(es256(key.keyPair(), header(key.kid()), claims(0, null)));
  }

  @Test
  void rejectsNotYetValid() throws Exception {
    JsonObject c = claims(0, 600L).put("nbf", System.currentTimeMillis() / 1000 + 300);
    assertRejected(es256(key.keyPair(), header(key.kid()), c));
  }

  @Test
  void rejectsIssuedInTheFuture() throws Exception {
    assertRejected(es256(key.keyPair(), header(key.kid()), claims(300, 600L)));
  }

  @Test
  void rejectsWrongIssuer() throws Exception {
    assertRejected(es256(key.keyPair(), header(key.kid()), claims(0, 60L).put("iss", "evil")));
  }

  @Test
  void rejectsWrongAudience() throws Exception {
    assertRejected(es256(key.keyPair(), header(key.kid()), claims(0, 60L).put("aud", "other")));
  }

  @Test
  void rejectsUnsignedAlgNone() {
    String unsigned = b64("{\"alg\":\"none\",\"typ\":\"JWT\",\"kid\":\"" + key.kid() + "\"}") + "." + b64(claims(0, 60L).encode());
    assertRejected(unsigned + ".");
    assertRejected(unsigned);
  }

  @Test
  void rejectsHs256SignedWithPublicKey() {
    JWTAuth hmac = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(
        new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(key.publicPem())));
    String forged = hmac.generateToken(claims(0, 60L),
        new JWTOptions().setAlgorithm("HS256").setHeader(new JsonObject().put("kid", key.kid())));
    assertRejected(forged);
  }

  @Test
  void rejectsHs256EvenWithItsSecretInTheKeySet() {
    // Algorithm confusion the other way round from block tokens: had auth's key set held an HMAC
    // secret too, a token signed with it must still not pass as a user token.
    HmacKey secret = HmacKey.generate();
    TokenVerifier mixed = TokenVerifier.create(vertx, ISS, AUD,
        () -> Future.succeededFuture(List.of(key.publicJwk(), secret.secretJwk()))).await();
    String hs256 = new TokenSigner(vertx, secret, ISS, AUD, Duration.ofMinutes(5)).sign("alice", Set.of("admin"));
    Throwable e = assertThrows(Throwable.class, () -> mixed.verify(hs256).await());
    assertEquals(ErrorCode.UNAUTHORIZED, ((DfsException) e).code());
    assertEquals("alice", mixed.verify(new TokenSigner(vertx, key, ISS, AUD, Duration.ofMinutes(5))
        .sign("alice", Set.of("user"))).await().subject(), "its ES256 key still works");
  }

  @Test
  void rejectsUnknownKey() throws Exception {
    SigningKey other = SigningKey.generate();
    assertRejected(es256(other.keyPair(), header(other.kid()), claims(0, 60L)));
    // An attacker's key under our kid.
    assertRejected(es256(other.keyPair(), header(key.kid()), claims(0, 60L)));
  }

  @Test
  void rejectsGarbage() {
    assertRejected("");
    assertRejected("abc");
    assertRejected("a.b.c");
    assertRejected("x".repeat(TokenVerifier.MAX_TOKEN_CHARS + 1));
  }

  @Test
  void refusesToExistWithoutUsableKeys() {
    JsonObject hs = new JsonObject().put("kty", "oct").put("k", "c2VjcmV0").put("alg", "HS256").put("kid", "h");
    assertThrows(Throwable.class,
        () -> TokenVerifier.create(vertx, ISS, AUD, () -> Future.succeededFuture(List.of())).await());
    assertThrows(Throwable.class,
        () -> TokenVerifier.create(vertx, ISS, AUD, () -> Future.succeededFuture(List.of(hs))).await());
  }
}
