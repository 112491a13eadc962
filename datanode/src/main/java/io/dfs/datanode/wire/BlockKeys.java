package io.dfs.datanode.wire;

import io.dfs.common.error.DfsException;
import io.dfs.common.security.BlockTokenVerifier;
import io.vertx.core.Future;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Meta's block-token keys as this node knows them. They are fetched when first needed (meta may
 * come up after the node), then kept; a failed fetch is not retried for {@link #RETRY_MS}, so a
 * flood of requests while meta is away costs one fetch a second, not one each.
 */
public final class BlockKeys {
  private static final Logger LOG = LoggerFactory.getLogger(BlockKeys.class);
  static final long RETRY_MS = 1000;
  private static final String NO_KEYS = "this node cannot check block tokens until it has meta's block keys";

  private final Supplier<Future<BlockTokenVerifier>> loader;
  private BlockTokenVerifier verifier;
  private Future<BlockTokenVerifier> loading;
  private long failedAtMs = Long.MIN_VALUE / 2;

  /** @param loader fetches meta's block-token secret with this node's token, and checks it */
  public BlockKeys(Supplier<Future<BlockTokenVerifier>> loader) {
    this.loader = loader;
  }

  /** Drops the keys held, so the next request loads meta's current ones. */
  public synchronized void forget() {
    verifier = null;
    loading = null;
    failedAtMs = Long.MIN_VALUE / 2;
  }

  /** The verifier, loading the keys first if this node has none yet. */
  public synchronized Future<BlockTokenVerifier> verifier() {
    if (verifier != null) {
      return Future.succeededFuture(verifier);
    }
    if (loading != null) {
      return loading;
    }
    if (System.currentTimeMillis() - failedAtMs < RETRY_MS) {
      return Future.failedFuture(DfsException.unauthorized(NO_KEYS));
    }
    Future<BlockTokenVerifier> f = loader.get();
    loading = f;
    f.onComplete(ar -> {
      synchronized (this) {
        if (loading != f) {
          return; // forgotten while loading: what arrived may be the old meta's keys
        }
        loading = null;
        if (ar.succeeded()) {
          verifier = ar.result();
          LOG.info("event=block_keys_loaded");
        } else {
          failedAtMs = System.currentTimeMillis();
          LOG.warn("event=block_keys_unavailable reason=\"{}\"", ar.cause().getMessage());
        }
      }
    });
    return f.recover(e -> Future.failedFuture(DfsException.unauthorized(NO_KEYS)));
  }
}
