package io.dfs.common.security;

import io.dfs.common.error.DfsException;
import io.dfs.common.http.JsonHttpClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Checks meta's block tokens: an HS256 signature with a secret from meta's key document under a
 * {@code kid} it names (any other algorithm, ES256 included, is refused), issuer, audience and
 * expiry (UNAUTHORIZED otherwise), then that the token grants this operation on every block asked
 * for (FORBIDDEN otherwise).
 */
public final class BlockTokenVerifier {
  private final TokenVerifier tokens;

  private BlockTokenVerifier(TokenVerifier tokens) {
    this.tokens = tokens;
  }

  /**
   * A verifier over the block keys meta hands out at {@code metaUrl} (its discovery port) to a
   * caller showing {@code serviceToken}, a data node's token; fails if none is usable.
   */
  public static Future<BlockTokenVerifier> fromMeta(Vertx vertx, JsonHttpClient http, String metaUrl,
      Supplier<Future<String>> serviceToken) {
    String url = metaUrl.replaceAll("/+$", "") + BlockTokens.KEYS_PATH;
    return create(vertx, () -> serviceToken.get()
        .compose(token -> http.get(url, token))
        .map(TokenVerifier::keysOf));
  }

  public static Future<BlockTokenVerifier> create(Vertx vertx, TokenVerifier.KeySource keys) {
    return TokenVerifier.create(vertx, TokenAlgorithm.HS256, BlockTokens.ISSUER, BlockTokens.AUDIENCE,
            BlockTokens.MAX_CHARS, keys)
        .map(BlockTokenVerifier::new);
  }

  /**
   * The subject the token was issued for, if it grants {@code op} on every one of
   * {@code blockIds}.
   */
  public Future<String> check(String token, BlockOp op, Collection<String> blockIds) {
    if (token == null || token.isEmpty()) {
      return Future.failedFuture(DfsException.unauthorized("request has no 'blockToken'"));
    }
    return tokens.claims(token).compose(claims -> grant(claims, op, blockIds));
  }

  private static Future<String> grant(JsonObject claims, BlockOp op, Collection<String> blockIds) {
    BlockOp granted = BlockOp.fromClaim(claims.getValue(BlockTokens.OP));
    if (granted == null) {
      return Future.failedFuture(DfsException.unauthorized("not a block token"));
    }
    if (granted != op) {
      return Future.failedFuture(DfsException.forbidden(
          "the block token grants '" + granted.claim() + "', not '" + op.claim() + "'"));
    }
    Set<String> named = new HashSet<>();
    if (claims.getValue(BlockTokens.BLOCKS) instanceof JsonArray ids) {
      for (Object id : ids) {
        if (id instanceof String s) {
          named.add(s);
        }
      }
    }
    for (String id : blockIds) {
      if (!named.contains(id)) {
        return Future.failedFuture(DfsException.forbidden("the block token does not name block " + id));
      }
    }
    Object sub = claims.getValue("sub");
    return Future.succeededFuture(sub instanceof String s ? s : "");
  }
}
