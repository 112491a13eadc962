package io.dfs.meta.http;

import io.dfs.common.error.DfsException;
import io.dfs.common.error.ErrorCode;
import io.dfs.meta.health.ClusterView;
import io.dfs.meta.health.NodeInfo;
import io.dfs.meta.namespace.BlockCommit;
import io.dfs.meta.placement.ReplicaLocator;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits, without blocking, until every block of a commit has enough replicas on live nodes with
 * the committed length and CRC32C. Data nodes report a replica right after they store it, so the
 * reports may trail the client's commit by a moment: the check is repeated every
 * {@link #POLL_MS} until {@link #PATIENCE_MS} have passed, then the commit is refused.
 */
final class ReplicaWait {
  static final long POLL_MS = 20;
  static final long PATIENCE_MS = 5_000;

  private final Vertx vertx;
  private final ReplicaLocator locator;
  private final Supplier<ClusterView> views;

  ReplicaWait(Vertx vertx, ReplicaLocator locator, Supplier<ClusterView> views) {
    this.vertx = vertx;
    this.locator = locator;
    this.views = views;
  }

  /**
   * Completes once each block has {@code required} usable replicas on nodes {@code eligible}
   * accepts; fails with CONFLICT after the wait.
   */
  Future<Void> await(List<BlockCommit> blocks, int required, Predicate<NodeInfo> eligible) {
    Promise<Void> done = Promise.promise();
    poll(blocks, 0, required, eligible, System.nanoTime() + PATIENCE_MS * 1_000_000, done);
    return done.future();
  }

  /**
   * Checks blocks from {@code from} on; blocks before it were satisfied by an earlier poll and are
   * not checked again, so a file with many blocks costs one pass in total, not one per poll.
   */
  private void poll(List<BlockCommit> blocks, int from, int required, Predicate<NodeInfo> eligible, long deadline,
      Promise<Void> done) {
    ClusterView view = views.get();
    for (int i = from; i < blocks.size(); i++) {
      BlockCommit b = blocks.get(i);
      int have = locator.countUsable(view, b.blockId(), b.length(), b.crc32c(), eligible);
      if (have < required) {
        if (System.nanoTime() - deadline >= 0) {
          done.fail(new DfsException(ErrorCode.CONFLICT, "block " + b.blockId() + " has " + have
              + " reported replica(s) matching its length and CRC32C on nodes live since the file was planned; "
              + required + " needed"));
        } else {
          int next = i;
          vertx.setTimer(POLL_MS, id -> poll(blocks, next, required, eligible, deadline, done));
        }
        return;
      }
    }
    done.complete();
  }
}
