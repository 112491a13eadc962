package io.dfs.datanode.membership;

import io.dfs.common.error.DfsException;
import io.dfs.common.error.ErrorCode;
import io.dfs.datanode.store.BlockStore.BlockInfo;
import io.dfs.datanode.wire.BlockEvents;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells meta about replicas received and deleted, in batches ({@code POST /v1/nodes/{id}/blocks}):
 * one report is in flight at a time; a change goes out at once when none is, and otherwise with
 * every change that waited for the report in flight (up to {@link #MAX_BATCH} a report). A commit
 * waits for these reports, so a fixed delay before sending would be added to every put; batching
 * only while a report is in flight costs nothing when idle and still bounds the rate of reports
 * to one per meta round trip under load (as HDFS's incremental block reports with no interval).
 *
 * <p>Nothing is lost: a failed report goes back into the queue and is retried with a growing
 * backoff. When meta answers 409 (it does not count this node as joined) the node joins again,
 * and the JOIN's full block report covers everything queued. The queue is bounded; on overflow
 * it is dropped and a JOIN sends the full report instead.
 *
 * <p>Events may come from any thread; sending runs on the context given to {@link #attach}, the
 * membership's.
 */
public final class BlockReportSender implements BlockEvents {
  private static final Logger LOG = LoggerFactory.getLogger(BlockReportSender.class);
  static final int MAX_BATCH = 1000;
  static final int MAX_QUEUED = 100_000;
  static final long FIRST_BACKOFF_MS = 250;
  static final long MAX_BACKOFF_MS = 5000;

  /** Where reports go: meta, through the membership. Methods are called on the attached context. */
  interface ReportTarget {
    boolean joined();

    /** Sends a report; completes on the attached context; fails with meta's error. */
    Future<JsonObject> report(JsonObject body);

    /** Meta's answer to a report (it may list replicas to delete). */
    void onReportAnswer(JsonObject answer);

    /** Joins again with a full block report. */
    void rejoin();
  }

  private final BlockReportQueue queue = new BlockReportQueue(MAX_QUEUED);
  private final AtomicBoolean wakePending = new AtomicBoolean();
  private volatile Context context;
  private volatile ReportTarget target;
  private long timer = -1;
  private boolean inFlight;
  private long backoffMs;

  /** A sender that queues changes until {@link MetaLink} attaches it. */
  public BlockReportSender() {}

  @Override
  public void received(BlockInfo block) {
    if (!queue.received(block)) {
      overflow();
    }
    wake();
  }

  @Override
  public void deleted(Collection<String> blockIds) {
    if (!queue.deleted(blockIds)) {
      overflow();
    }
    wake();
  }

  @Override
  public void garbageDeleted(Collection<String> blockIds) {
    if (!queue.garbageDeleted(blockIds)) {
      overflow();
    }
    wake();
  }

  private void overflow() {
    LOG.warn("event=report_queue_full queued={} action=rejoin", queue.size());
    queue.clear();
    Context c = context;
    ReportTarget t = target;
    if (c != null && t != null) {
      c.runOnContext(v -> t.rejoin());
    }
    // Not attached yet: the first JOIN carries the full report anyway.
  }

  /** Starts sending on {@code context} (call it there) to {@code target}. */
  void attach(Context context, ReportTarget target) {
    this.target = target;
    this.context = context;
    schedule();
  }

  /** Stops sending; queued changes stay queued. */
  void detach() {
    Context c = context;
    context = null;
    if (c != null && timer >= 0) {
      c.owner().cancelTimer(timer);
      timer = -1;
    }
  }

  /** A JOIN is about to take a full block report: everything queued so far is in it. */
  void joinStarting() {
    queue.beginFullReport();
  }

  /** The JOIN that took the full report is over, joined or not. */
  void joinSettled() {
    queue.fullReportSettled();
  }

  /** Sends what is queued, if joined; call after a JOIN succeeds. Any thread. */
  void wake() {
    Context c = context;
    if (c != null && wakePending.compareAndSet(false, true)) {
      c.runOnContext(v -> {
        wakePending.set(false);
        schedule();
      });
    }
  }

  int queued() {
    return queue.size();
  }

  private boolean canSend() {
    return context != null && !inFlight && target.joined() && !queue.isEmpty();
  }

  private void schedule() {
    if (!canSend()) {
      return;
    }
    if (backoffMs == 0) {
      cancelTimer();
      flush();
    } else if (timer < 0) {
      timer = context.owner().setTimer(backoffMs, t -> {
        timer = -1;
        flush();
      });
    }
  }

  private void cancelTimer() {
    if (timer >= 0) {
      context.owner().cancelTimer(timer);
      timer = -1;
    }
  }

  private void flush() {
    if (!canSend()) {
      return;
    }
    BlockReportQueue.Batch batch = queue.take(MAX_BATCH);
    inFlight = true;
    target.report(batch.toJson()).onComplete(ar -> {
      inFlight = false;
      if (ar.succeeded()) {
        queue.settled(batch);
        backoffMs = 0;
        target.onReportAnswer(ar.result());
      } else if (ar.cause() instanceof DfsException e && e.code() == ErrorCode.CONFLICT) {
        LOG.info("event=report_refused reason=\"{}\" action=rejoin", e.getMessage());
        queue.settled(batch);
        backoffMs = 0;
        target.rejoin();
        return;
      } else {
        if (!queue.putBack(batch)) {
          overflow();
        }
        backoffMs = backoffMs == 0 ? FIRST_BACKOFF_MS : Math.min(MAX_BACKOFF_MS, backoffMs * 2);
        LOG.warn("event=report_failed changes={} retryInMs={} reason=\"{}\"", batch.events().size(), backoffMs,
            ar.cause().getMessage());
      }
      schedule();
    });
  }
}
