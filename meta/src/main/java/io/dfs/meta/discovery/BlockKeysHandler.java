package io.dfs.meta.discovery;

import io.dfs.common.security.BlockTokenSigner;
import io.dfs.common.security.BlockTokens;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Answers {@link BlockTokens#KEYS_PATH} with meta's block-token secret, behind a data node token
 * check. The secret signs as well as verifies, so only data nodes get it, and only on this port,
 * whose mutual TLS (when TLS is on) keeps it off the wire in clear; nothing here logs it.
 */
final class BlockKeysHandler implements Handler<RoutingContext> {
  private final String keys;

  BlockKeysHandler(BlockTokenSigner signer) {
    this.keys = signer.secretJwks().encode();
  }

  @Override
  public void handle(RoutingContext ctx) {
    ctx.response()
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(keys);
  }
}
