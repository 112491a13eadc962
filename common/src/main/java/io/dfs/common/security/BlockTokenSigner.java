package io.dfs.common.security;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * Meta's issuer of block tokens, HS256 with a secret made at start that lives only in memory: a
 * restart retires every outstanding block token (they last minutes), clients fetch fresh ones
 * from the new meta, and no secret is ever written to disk. The secret is handed to data nodes
 * alone ({@link #secretJwks()}); a data node checks an HMAC in microseconds where an ES256
 * signature costs it about a millisecond of CPU per block.
 */
public final class BlockTokenSigner {
  private final HmacKey key;
  private final TokenSigner signer;

  public BlockTokenSigner(Vertx vertx, HmacKey key, Duration ttl) {
    this.key = key;
    this.signer = new TokenSigner(vertx, key, BlockTokens.ISSUER, BlockTokens.AUDIENCE, ttl);
  }

  /** A signer with a freshly generated secret. */
  public static BlockTokenSigner generate(Vertx vertx, Duration ttl) {
    return new BlockTokenSigner(vertx, HmacKey.generate(), ttl);
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

  /**
   * The JWKS data nodes verify with. It holds the secret itself, which signs as well as verifies:
   * it goes to authenticated data nodes only, never into a log or to another caller.
   */
  public JsonObject secretJwks() {
    return new JsonObject().put("keys", new JsonArray().add(key.secretJwk()));
  }
}
