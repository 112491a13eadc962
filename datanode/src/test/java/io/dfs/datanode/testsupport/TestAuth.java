package io.dfs.datanode.testsupport;

import io.dfs.common.http.BearerAuth;
import io.dfs.common.http.HttpErrors;
import io.dfs.common.security.BlockOp;
import io.dfs.common.security.BlockTokenSigner;
import io.dfs.common.security.BlockTokens;
import io.dfs.common.security.HmacKey;
import io.dfs.common.security.Roles;
import io.dfs.common.security.SigningKey;
import io.dfs.common.security.TokenAlgorithm;
import io.dfs.common.security.TokenSigner;
import io.dfs.common.security.TokenVerifier;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A real HTTP server speaking auth's two endpoints (JWKS and service login), so data nodes under
 * test go through their real key loading and login paths without the auth module. It also issues
 * block tokens as meta does, and hands out their secret as meta's discovery port does: to a data
 * node's token only.
 */
public final class TestAuth implements AutoCloseable {
  public static final String ISSUER = "dfs-auth";
  public static final String AUDIENCE = "dfs";

  private final Vertx vertx;
  private final SigningKey key = SigningKey.generate();
  private final TokenSigner signer;
  private final HmacKey blockKey = HmacKey.generate();
  private final BlockTokenSigner blockTokens;
  private final TokenVerifier nodeTokens;
  private final HttpServer server;

  public TestAuth(Vertx vertx) {
    this.vertx = vertx;
    signer = new TokenSigner(vertx, key, ISSUER, AUDIENCE, Duration.ofMinutes(5));
    blockTokens = new BlockTokenSigner(vertx, blockKey, Duration.ofMinutes(5));
    nodeTokens = verifier();
    Router router = Router.router(vertx);
    serveBlockKeys(router);
    router.get("/.well-known/jwks.json")
        .handler(ctx -> ctx.json(new JsonObject().put("keys", new JsonArray().add(key.publicJwk()))));
    router.post("/v1/token").handler(BodyHandler.create(false)).handler(ctx -> {
      String id = ctx.body().asJsonObject().getString("nodeId");
      ctx.json(new JsonObject().put("token", signer.sign(id, Set.of("datanode"))).put("expiresIn", 300));
    });
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
  }

  /** Serves the block-token secret on {@code router} as meta does: to a data node's token only. */
  public void serveBlockKeys(Router router) {
    router.get(BlockTokens.KEYS_PATH)
        .handler(BearerAuth.requiring(nodeTokens, Roles.DATANODE))
        .handler(ctx -> ctx.json(blockTokens.secretJwks()))
        .failureHandler(HttpErrors::handle);
  }

  /** A block token, as meta would issue it, granting {@code op} on {@code blockIds} to {@code subject}. */
  public String blockToken(String subject, BlockOp op, String... blockIds) {
    return blockTokens.sign(subject, op, List.of(blockIds));
  }

  public String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /** A valid token for {@code subject} with one role. */
  public String token(String subject, String role) {
    return signer.sign(subject, List.of(role));
  }

  /** A token signed with the right key that expired an hour ago (well past any leeway). */
  public String expiredToken(String subject, String role) {
    long now = System.currentTimeMillis() / 1000;
    return es256(key, key.kid(), new JsonObject().put("sub", subject).put("roles", new JsonArray().add(role))
        .put("iss", ISSUER).put("aud", new JsonArray().add(AUDIENCE)).put("iat", now - 7200).put("exp", now - 3600)
        .put("jti", UUID.randomUUID().toString()));
  }

  /** A block token from meta's secret that expired an hour ago. */
  public String expiredBlockToken(String subject, BlockOp op, String blockId) {
    long now = System.currentTimeMillis() / 1000;
    return hs256(blockKey.secretJwk(), blockClaims(subject, op, blockId).put("iat", now - 7200).put("exp", now - 3600));
  }

  /** A block token from meta's secret without an expiry. */
  public String eternalBlockToken(String subject, BlockOp op, String blockId) {
    return hs256(blockKey.secretJwk(), blockClaims(subject, op, blockId).put("iat", System.currentTimeMillis() / 1000));
  }

  /** A block token an attacker signed with a secret of their own under meta's key id. */
  public String forgedBlockToken(String subject, BlockOp op, String blockId) {
    return hs256(HmacKey.generate().secretJwk().put("kid", blockKey.kid()), liveBlockClaims(subject, op, blockId));
  }

  /** A block token with an ES256 signature (an attacker's key) under meta's key id. */
  public String es256BlockToken(String subject, BlockOp op, String blockId) {
    return es256(SigningKey.generate(), blockKey.kid(), liveBlockClaims(subject, op, blockId));
  }

  /** A block token with no signature at all ({@code alg: none}) under meta's key id. */
  public String unsignedBlockToken(String subject, BlockOp op, String blockId) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return b64.encodeToString(new JsonObject().put("alg", "none").put("typ", "JWT").put("kid", blockKey.kid()).encode()
        .getBytes(StandardCharsets.UTF_8)) + "." + b64.encodeToString(liveBlockClaims(subject, op, blockId).encode()
        .getBytes(StandardCharsets.UTF_8)) + ".";
  }

  /**
   * A login token minted with meta's block secret, as a data node that holds the secret could try:
   * auth's issuer and audience, a valid role, but HS256.
   */
  public String loginTokenFromBlockSecret(String subject, String role) {
    long now = System.currentTimeMillis() / 1000;
    return hs256(blockKey.secretJwk(), new JsonObject().put("sub", subject).put("roles", new JsonArray().add(role))
        .put("iss", ISSUER).put("aud", new JsonArray().add(AUDIENCE)).put("iat", now).put("exp", now + 300));
  }

  private static JsonObject liveBlockClaims(String subject, BlockOp op, String blockId) {
    long now = System.currentTimeMillis() / 1000;
    return blockClaims(subject, op, blockId).put("iat", now).put("exp", now + 300);
  }

  private static JsonObject blockClaims(String subject, BlockOp op, String blockId) {
    return new JsonObject().put("sub", subject).put(BlockTokens.OP, op.claim())
        .put(BlockTokens.BLOCKS, new JsonArray().add(blockId)).put("iss", BlockTokens.ISSUER)
        .put("aud", new JsonArray().add(BlockTokens.AUDIENCE));
  }

  private String es256(SigningKey signingKey, String kid, JsonObject claims) {
    JWTAuth jwt = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions()
        .setAlgorithm(TokenVerifier.ALGORITHM).setBuffer(signingKey.privatePem()).setId(kid)));
    return sign(jwt, TokenVerifier.ALGORITHM, kid, claims);
  }

  private String hs256(JsonObject secretJwk, JsonObject claims) {
    JWTAuth jwt = JWTAuth.create(vertx, new JWTAuthOptions().addJwk(secretJwk));
    return sign(jwt, TokenAlgorithm.HS256.name(), secretJwk.getString("kid"), claims);
  }

  private static String sign(JWTAuth jwt, String algorithm, String kid, JsonObject claims) {
    return jwt.generateToken(claims, new JWTOptions().setAlgorithm(algorithm).setNoTimestamp(true)
        .setHeader(new JsonObject().put("kid", kid)));
  }

  /** A verifier of the tokens this server issues. */
  public TokenVerifier verifier() {
    return TokenVerifier.create(vertx, ISSUER, AUDIENCE, () -> io.vertx.core.Future.succeededFuture(
        List.of(key.publicJwk()))).await();
  }

  @Override
  public void close() {
    server.close().await();
  }
}
