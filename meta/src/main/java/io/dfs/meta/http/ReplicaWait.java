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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits, without blocking, until every block of a commit has enough replicas on live nodes with
 * the committed length and CRC32C. Data nodes report a replica right after they store it, so the
 * reports may trail the client's commit by a moment: the check runs again as soon as a report adds
 * replicas (published on {@code replicasAdded}), and every {@link #POLL_MS} regardless, until
 * {@link #PATIENCE_MS} have passed; then the commit is refused. Confined to the event loop it was
 * made on.
 */
final class ReplicaWait {
  static final long POLL_MS = 100;
  static final long PATIENCE_MS = 5_000;

  private final Vertx vertx;
  private final ReplicaLocator locator;
  private final Supplier<ClusterView> views;
  private final long pollMs;
  private final long patienceMs;
  private final Set<Waiting> waiting = new HashSet<>();

  /** One commit's wait: blocks before {@code from} were satisfied by an earlier check. */
  private static final class Waiting {
    final List<BlockCommit> blocks;
    final int required;
    final Predicate<NodeInfo> eligible;
    final long deadline;
    final Promise<Void> done = Promise.promise();
    int from;
    long timer = -1;

    Waiting(List<BlockCommit> blocks, int required, Predicate<NodeInfo> eligible, long deadline) {
      this.blocks = blocks;
      this.required = required;
      this.eligible = eligible;
      this.deadline = deadline;
    }
  }

  ReplicaWait(Vertx vertx, ReplicaLocator locator, Supplier<ClusterView> views, String replicasAdded) {
    this(vertx, locator, views, replicasAdded, POLL_MS, PATIENCE_MS);
  }

  ReplicaWait(Vertx vertx, ReplicaLocator locator, Supplier<ClusterView> views, String replicasAdded, long pollMs,
      long patienceMs) {
    this.vertx = vertx;
    this.locator = locator;
    this.views = views;
    this.pollMs = pollMs;
    this.patienceMs = patienceMs;
    vertx.eventBus().localConsumer(replicasAdded, msg -> checkAll());
  }

  /**
   * Completes once each block has {@code required} usable replicas on nodes {@code eligible}
   * accepts; fails with CONFLICT after the wait.
   */
  Future<Void> await(List<BlockCommit> blocks, int required, Predicate<NodeInfo> eligible) {
    Waiting w = new Waiting(blocks, required, eligible, System.nanoTime() + patienceMs * 1_000_000);
    check(w);
    return w.done.future();
  }

  private void checkAll() {
    for (Waiting w : new ArrayList<>(waiting)) {
      vertx.cancelTimer(w.timer);
      check(w);
    }
  }

  /** A file with many blocks costs one pass over them in total, not one per check. */
  private void check(Waiting w) {
    ClusterView view = views.get();
    for (; w.from < w.blocks.size(); w.from++) {
      BlockCommit b = w.blocks.get(w.from);
      int have = locator.countUsable(view, b.blockId(), b.length(), b.crc32c(), w.eligible);
      if (have < w.required) {
        if (System.nanoTime() - w.deadline >= 0) {
          waiting.remove(w);
          w.done.fail(new DfsException(ErrorCode.CONFLICT, "block " + b.blockId() + " has " + have
              + " reported replica(s) matching its length and CRC32C on nodes live since the file was planned; "
              + w.required + " needed"));
        } else {
          waiting.add(w);
          w.timer = vertx.setTimer(pollMs, id -> check(w));
        }
        return;
      }
    }
    waiting.remove(w);
    w.done.complete();
  }
}
