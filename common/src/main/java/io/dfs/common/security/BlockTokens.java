package io.dfs.common.security;

/**
 * The fixed parts of meta's block tokens: short-lived HS256 JWTs, signed with a secret only meta
 * and the data nodes hold (handed out at {@link #KEYS_PATH}), naming the user ({@code sub}), one
 * operation ({@code op}) and the block ids ({@code blk}) they open. Their issuer, audience and
 * algorithm differ from auth's, so a block token is never accepted as a login token, nor the other
 * way round.
 */
public final class BlockTokens {
  public static final String ISSUER = "dfs-meta";
  public static final String AUDIENCE = "dfs-blocks";
  /**
   * Where meta hands out its block-token secret (a JWKS of one {@code oct} key): on its discovery
   * port only, to a caller with a data node's token (401 without a valid token, 403 for any other
   * role).
   */
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
