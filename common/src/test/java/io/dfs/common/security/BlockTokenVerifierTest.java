package io.dfs.common.security;

import static org.junit.jupiter.api.Assertions.*;

import io.dfs.common.error.DfsException;
import io.dfs.common.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Block tokens are HS256 under meta's secret and nothing else: another secret under meta's kid, an
 * ES256 or RS256 signature, {@code alg: none}, an expired token or one without {@code exp}, or the wrong
 * issuer or audience are UNAUTHORIZED; a valid token for another operation or block is FORBIDDEN.
 */
class BlockTokenVerifierTest {
  private static final String BLOCK = "7f1c9a52-3c1e-4b8e-9d3a-1f2e3d4c5b6a";
  private static Vertx vertx;
  private static HmacKey key;
  private static BlockTokenSigner signer;
  private static BlockTokenVerifier verifier;

  @BeforeAll
  static void setUp() {
    vertx = Vertx.vertx();
    key = HmacKey.generate();
    signer = new BlockTokenSigner(vertx, key, Duration.ofMinutes(5));
    verifier = BlockTokenVerifier.create(vertx,
        () -> Future.succeededFuture(TokenVerifier.keysOf(signer.secretJwks()))).await();
  }

  @AfterAll
  static void tearDown() {
    vertx.close().await();
  }

  private static JsonObject claims(long iatOffset, Long expOffset) {
    long now = System.currentTimeMillis() / 1000;
    JsonObject c = new JsonObject().put("sub", "alice").put(BlockTokens.OP, BlockOp.READ.claim())
        .put(BlockTokens.BLOCKS, new JsonArray().add(BLOCK)).put("iss", BlockTokens.ISSUER)
        .put("aud", BlockTokens.AUDIENCE).put("iat", now + iatOffset);
    return expOffset == null ? c : c.put("exp", now + expOffset);
  }

  /** A token with exactly these claims, signed by {@code jwt} with {@code algorithm} under {@code kid}. */
  private static String sign(JWTAuth jwt, String algorithm, String kid, JsonObject claims) {
    return jwt.generateToken(claims, new JWTOptions().setAlgorithm(algorithm).setNoTimestamp(true)
        .setHeader(new JsonObject().put("kid", kid)));
  }

  private static String hs256(JsonObject jwk, JsonObject claims) {
    return sign(JWTAuth.create(vertx, new JWTAuthOptions().addJwk(jwk)), "HS256", jwk.getString("kid"), claims);
  }

  private static String es256(SigningKey signing, String kid, JsonObject claims) {
    JWTAuth jwt = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions()
        .setAlgorithm("ES256").setBuffer(signing.privatePem()).setId(kid)));
    return sign(jwt, "ES256", kid, claims);
  }

  private static ErrorCode refusal(String token) {
    Throwable e = assertThrows(Throwable.class, () -> verifier.check(token, BlockOp.READ, List.of(BLOCK)).await());
    assertInstanceOf(DfsException.class, e);
    return ((DfsException) e).code();
  }

  @Test
  void grantsWhatMetaSigned() {
    String token = signer.sign("alice", BlockOp.READ, List.of(BLOCK, "other"));
    assertEquals("alice", verifier.check(token, BlockOp.READ, List.of(BLOCK)).await());
    assertEquals("alice", verifier.check(token, BlockOp.READ, List.of(BLOCK, "other")).await());
    assertEquals("alice", verifier.check(hs256(key.secretJwk(), claims(0, 60L)), BlockOp.READ, List.of(BLOCK)).await());
    JsonObject header = new JsonObject(new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]),
        StandardCharsets.UTF_8));
    assertEquals("HS256", header.getString("alg"));
    assertEquals(key.kid(), header.getString("kid"));
  }

  @Test
  void aFilesBlocksShareOneTokenPerRunOfSixteenAndEachGrantsOnlyItsOwnRun() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      ids.add(UUID.randomUUID().toString());
    }
    List<String> tokens = signer.signEach("alice", BlockOp.WRITE, ids);
    assertEquals(20, tokens.size());
    assertEquals(2, Set.copyOf(tokens).size());
    assertEquals(Set.of(tokens.get(0)), Set.copyOf(tokens.subList(0, BlockTokenSigner.BLOCKS_PER_TOKEN)));
    assertEquals(Set.of(tokens.get(19)), Set.copyOf(tokens.subList(BlockTokenSigner.BLOCKS_PER_TOKEN, 20)));
    for (int i = 0; i < 20; i++) {
      assertEquals("alice", verifier.check(tokens.get(i), BlockOp.WRITE, List.of(ids.get(i))).await());
    }
    String first = tokens.get(0);
    String second = tokens.get(19);
    for (String[] crossed : new String[][] {{first, ids.get(19)}, {second, ids.get(0)}}) {
      Throwable e = assertThrows(Throwable.class,
          () -> verifier.check(crossed[0], BlockOp.WRITE, List.of(crossed[1])).await());
      assertEquals(ErrorCode.FORBIDDEN, ((DfsException) e).code());
    }
    Throwable read = assertThrows(Throwable.class, () -> verifier.check(first, BlockOp.READ, List.of(ids.get(0))).await());
    assertEquals(ErrorCode.FORBIDDEN, ((DfsException) read).code());
    assertEquals(List.of(), signer.signEach("alice", BlockOp.READ, List.of()));
  }

  @Test
  void anotherOperationOrBlockIsForbidden() {
    assertEquals(ErrorCode.FORBIDDEN, refusal(signer.sign("alice", BlockOp.WRITE, BLOCK)));
    assertEquals(ErrorCode.FORBIDDEN, refusal(signer.sign("alice", BlockOp.READ, "another-block")));
  }

  @Test
  void anotherSecretUnderMetasKidIsInvalid() {
    JsonObject forged = HmacKey.generate().secretJwk().put("kid", key.kid());
    assertEquals(ErrorCode.UNAUTHORIZED, refusal(hs256(forged, claims(0, 60L))));
    assertEquals(ErrorCode.UNAUTHORIZED, refusal(hs256(HmacKey.generate().secretJwk(), claims(0, 60L))));
  }

  @Test
  void anEs256OrRs256SignatureIsInvalidEvenUnderMetasKid() throws Exception {
    // Algorithm confusion the other way round from auth's tokens: ES256 never opens a block.
    SigningKey signing = SigningKey.generate();
    assertEquals(ErrorCode.UNAUTHORIZED, refusal(es256(signing, key.kid(), claims(0, 60L))));
    assertEquals(ErrorCode.UNAUTHORIZED, refusal(es256(signing, signing.kid(), claims(0, 60L))));
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    String pem = "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder().encodeToString(rsa.generateKeyPair().getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
    JWTAuth rs256 = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions()
        .setAlgorithm("RS256").setBuffer(pem).setId(key.kid())));
    assertEquals(ErrorCode.UNAUTHORIZED, refusal(sign(rs256, "RS256", key.kid(), claims(0, 60L))));
  }

  @Test
  void anUnsignedTokenIsInvalid() {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String unsigned = b64.encodeToString(new JsonObject().put("alg", "none").put("kid", key.kid()).encode()
        .getBytes(StandardCharsets.UTF_8)) + "." + b64.encodeToString(claims(0, 60L).encode()
        .getBytes(StandardCharsets.UTF_8));
    assertEquals(ErrorCode.UNAUTHORIZED, refusal(unsigned + "."));
    assertEquals(ErrorCode.UNAUTHORIZED, refusal(unsigned));
  }

  @Test
  void expiredEternalMisaddressedOrOpLessTokensAreInvalid() {
    assertEquals(ErrorCode.UNAUTHORIZED, refusal(hs256(key.secretJwk(), claims(-7200, -3600L))));
    assertEquals(ErrorCode.UNAUTHORIZED, refusal(hs256(key.secretJwk(), claims(0, null))));
    assertEquals(ErrorCode.UNAUTHORIZED, refusal(hs256(key.secretJwk(), claims(0, 60L).put("iss", "dfs-auth"))));
    assertEquals(ErrorCode.UNAUTHORIZED, refusal(hs256(key.secretJwk(), claims(0, 60L).put("aud", "dfs"))));
    assertEquals(ErrorCode.UNAUTHORIZED, refusal(hs256(key.secretJwk(), claims(0, 60L).put(BlockTokens.OP, "sing"))));
  }

  @Test
  void aLoginTokenIsNoBlockToken() {
    SigningKey auth = SigningKey.generate();
    String login = new TokenSigner(vertx, auth, "dfs-auth", "dfs", Duration.ofMinutes(5)).sign("alice", Set.of("user"));
    assertEquals(ErrorCode.UNAUTHORIZED, refusal(login));
  }

  @Test
  void refusesToExistWithoutAnHs256Secret() {
    JsonObject ec = SigningKey.generate().publicJwk();
    JsonObject hs512 = HmacKey.generate().secretJwk().put("alg", "HS512");
    JsonObject noKid = HmacKey.generate().secretJwk();
    noKid.remove("kid");
    for (List<JsonObject> keys : List.of(List.<JsonObject>of(), List.of(ec), List.of(hs512), List.of(noKid))) {
      assertThrows(Throwable.class, () -> BlockTokenVerifier.create(vertx, () -> Future.succeededFuture(keys)).await(),
          keys::toString);
    }
  }

  @Test
  void theSecretIs256RandomBitsAndNeverPrinted() {
    HmacKey other = HmacKey.generate();
    String k = key.secretJwk().getString("k");
    assertEquals(32, Base64.getUrlDecoder().decode(k).length);
    assertNotEquals(k, other.secretJwk().getString("k"));
    assertNotEquals(key.kid(), other.kid());
    assertFalse(key.toString().contains(k));
  }
}
