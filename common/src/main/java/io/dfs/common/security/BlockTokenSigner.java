package io.dfs.common.security;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * Meta's issuer of block tokens. Its key is made at start and lives only in memory: a restart
 * retires every outstanding block token (they last minutes), and clients fetch fresh ones from
 * the new meta; no private key is ever written to disk.
 */
public final class BlockTokenSigner {
  private final SigningKey key;
  private final TokenSigner signer;

  public BlockTokenSigner(Vertx vertx, SigningKey key, Duration ttl) {
    this.key = key;
    this.signer = new TokenSigner(vertx, key, BlockTokens.ISSUER, BlockTokens.AUDIENCE, ttl);
  }

  /** A signer with a freshly generated key. */
  public static BlockTokenSigner generate(Vertx vertx, Duration ttl) {
    return new BlockTokenSigner(vertx, SigningKey.generate(), ttl);
  }

  /** A token letting {@code subject} do {@code op} on {@code blockIds}. */
  public String sign(String subject, BlockOp op, Collection<String> blockIds) {
    return signer.signClaims(new JsonObject()
        .put("sub", subject)
        .put(BlockTokens.OP, op.claim())
        .put(BlockTokens.BLOCKS, new JsonArray(List.copyOf(blockIds))));
  }

  /** A token letting {@code subject} do {@code op} on one block. */
  public String sign(String subject, BlockOp op, String blockId) {
    return sign(subject, op, List.of(blockId));
  }

  /** The JWKS document data nodes verify with. */
  public JsonObject jwks() {
    return new JsonObject().put("keys", new JsonArray().add(key.publicJwk()));
  }
}
