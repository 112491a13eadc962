package io.dfs.cli.client;

import io.dfs.common.error.DfsException;
import io.dfs.common.error.ErrorCode;
import io.dfs.common.error.NodeFailure;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores one block, routing around nodes that fail. A write goes to the first node with the rest as
 * its pipeline. When one node is to blame — it cannot be reached, hangs up, stalls, is full or
 * cannot write, which the error names — the block is sent again, under the same id, to the nodes
 * that are left, as long as at least {@code minReplicas} remain; data nodes accept a repeated block
 * and still pass it down, so every remaining node ends up holding it, and meta re-creates the
 * missing replica later. A busy node is given a moment and asked again. Anything else (a conflict,
 * a bad checksum, a refused token) ends the write at once. Each node is left out at most once, so a
 * block takes at most as many attempts as its plan has nodes, plus the busy retries.
 */
final class BlockWriteAttempts {
  private static final Logger LOG = LoggerFactory.getLogger(BlockWriteAttempts.class);
  static final long[] BUSY_BACKOFF_MS = {200, 400, 800};

  private final Vertx vertx;
  private final int minReplicas;
  /** Sends the block to the first node with the rest as its pipeline; a fresh source each time. */
  private final Function<List<NodeAddress>, Future<JsonObject>> send;

  BlockWriteAttempts(Vertx vertx, int minReplicas, Function<List<NodeAddress>, Future<JsonObject>> send) {
    this.vertx = vertx;
    this.minReplicas = Math.max(1, minReplicas);
    this.send = send;
  }

  Future<JsonObject> run(List<NodeAddress> nodes) {
    return attempt(new ArrayList<>(nodes), 0);
  }

  private Future<JsonObject> attempt(List<NodeAddress> nodes, int busyRetries) {
    return send.apply(List.copyOf(nodes)).recover(e -> {
      if (e instanceof DfsException d && d.code() == ErrorCode.BUSY && busyRetries < BUSY_BACKOFF_MS.length) {
        return vertx.timer(BUSY_BACKOFF_MS[busyRetries], TimeUnit.MILLISECONDS)
            .compose(t -> attempt(nodes, busyRetries + 1));
      }
      String failed = blamed(e);
      if (failed == null || !nodes.removeIf(n -> n.node().equals(failed))) {
        return Future.failedFuture(e);
      }
      if (nodes.size() < minReplicas) {
        return Future.failedFuture(new DfsException(DfsException.of(e).code(), e.getMessage() + "; only "
            + nodes.size() + " node(s) left of the " + minReplicas + " a block needs"));
      }
      LOG.debug("event=block_write_retry without={} nodes={} reason=\"{}\"", failed, nodes.size(), e.getMessage());
      return attempt(nodes, busyRetries);
    });
  }

  /** The node a failure is pinned on, if routing around it could help. */
  private static String blamed(Throwable e) {
    if (!(e instanceof NodeFailure f)) {
      return null;
    }
    return switch (f.code()) {
      case UNAVAILABLE, NO_SPACE, INTERNAL, CORRUPT -> f.node();
      default -> null;
    };
  }
}
