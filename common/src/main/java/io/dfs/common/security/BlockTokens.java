package io.dfs.common.security;

/**
 * The fixed parts of meta's block tokens: short-lived ES256 JWTs, signed by a key only meta holds
 * and published at {@link #KEYS_PATH}, naming the user ({@code sub}), one operation ({@code op})
 * and the block ids ({@code blk}) they open. Their issuer and audience differ from auth's, so a
 * block token is never accepted as a login token, nor the other way round.
 */
public final class BlockTokens {
  public static final String ISSUER = "dfs-meta";
  public static final String AUDIENCE = "dfs-blocks";
  /** Where meta serves the JWKS of its block-token keys, on its client and discovery ports. */
  public static final String KEYS_PATH = "/.well-known/block-keys.json";
  /** Claim holding the operation. */
  public static final String OP = "op";
  /** Claim holding the array of block ids. */
  public static final String BLOCKS = "blk";
  /**
   * Longest block token accepted: room for the ids of one DELETE_BLOCKS batch; a token for one
   * block is about 400 characters.
   */
  public static final int MAX_CHARS = 12 * 1024;

  private BlockTokens() {}
}
