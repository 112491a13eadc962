package io.dfs.common.security;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
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
  /**
   * Blocks one token of {@link #signEach} names at most: about 1,200 characters, well inside
   * {@link BlockTokens#MAX_CHARS} and a block request's header, beside the caller's own token.
   */
  public static final int BLOCKS_PER_TOKEN = 16;

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

  /**
   * A token for each of {@code blockIds}, in their order: runs of up to {@link #BLOCKS_PER_TOKEN}
   * consecutive blocks share one token naming them all. A data node caches a token it has checked
   * until it expires, so the blocks of a file that one node stores or serves cost it one signature
   * check instead of one per block; and meta signs once per run instead of once per block. The
   * grant is no wider: every block a token names is one the caller was given.
   */
  public List<String> signEach(String subject, BlockOp op, List<String> blockIds) {
    List<String> tokens = new ArrayList<>(blockIds.size());
    for (int from = 0; from < blockIds.size(); from += BLOCKS_PER_TOKEN) {
      List<String> run = blockIds.subList(from, Math.min(blockIds.size(), from + BLOCKS_PER_TOKEN));
      String token = sign(subject, op, run);
      run.forEach(id -> tokens.add(token));
    }
    return tokens;
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
