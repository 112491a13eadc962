package io.dfs.common.security;

import io.vertx.core.json.JsonObject;

/**
 * The one JWS algorithm a {@link TokenVerifier} accepts, with the JWK key type that carries it.
 * Vert.x's JWTAuth accepts whatever algorithms its keys have, so a verifier loads only keys of
 * its own algorithm and type: an HMAC key beside auth's EC keys would let anyone holding that
 * secret mint user tokens, and an EC key beside meta's secret would let auth's keys open blocks.
 */
public enum TokenAlgorithm {
  /** Auth's user and service tokens: every server verifies them, only auth can sign. */
  ES256("EC"),
  /**
   * Meta's block tokens: a secret shared by meta and the data nodes alone, checked in microseconds
   * where an ES256 signature costs a data node about a millisecond of CPU per block.
   */
  HS256("oct");

  private final String keyType;

  TokenAlgorithm(String keyType) {
    this.keyType = keyType;
  }

  /** The JWK {@code kty} of this algorithm's keys. */
  public String keyType() {
    return keyType;
  }

  /** Whether {@code jwk} is a key of this algorithm and type, with a {@code kid} to be found by. */
  public boolean fits(JsonObject jwk) {
    return name().equals(jwk.getString("alg")) && keyType.equals(jwk.getString("kty")) && jwk.getString("kid") != null;
  }
}
