package io.dfs.common.security;

/** What a block token lets its bearer do with the blocks it names. */
public enum BlockOp {
  /** GET_BLOCK. */
  READ("read"),
  /** PUT_BLOCK from a client, and down its pipeline. */
  WRITE("write"),
  /** REPLICATE from meta, and the PUT_BLOCK a source node sends on meta's order. */
  REPLICATE("replicate"),
  /** DELETE_BLOCKS from meta. */
  DELETE("delete");

  private final String claim;

  BlockOp(String claim) {
    this.claim = claim;
  }

  /** The value of the token's {@code op} claim. */
  public String claim() {
    return claim;
  }

  /** The op named by a claim value, or null for anything else. */
  public static BlockOp fromClaim(Object value) {
    for (BlockOp op : values()) {
      if (op.claim.equals(value)) {
        return op;
      }
    }
    return null;
  }
}
