package io.dfs.datanode.membership;

import io.dfs.common.error.DfsException;
import io.dfs.common.error.ErrorCode;
import io.dfs.common.wire.Crc32c;
import io.dfs.datanode.store.BlockStore.BlockInfo;
import io.dfs.datanode.wire.BlockEvents;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells meta about replicas received and deleted, in batches: events gathered for
 * {@link #BATCH_DELAY_MS} go in one request of at most {@link #MAX_BATCH} entries. A failed report
 * is retried; meta answering that the node is unknown triggers a re-join, whose full block report
 * makes the queued events redundant. The queue is bounded: past {@link #MAX_QUEUED} entries it is
 * dropped and a re-join sends the full report instead.
 */
final class BlockReportSender implements BlockEvents {
  private static final Logger LOG = LoggerFactory.getLogger(BlockReportSender.class);
  static final long BATCH_DELAY_MS = 5;
  static final int MAX_BATCH = 1000;
  static final int MAX_QUEUED = 100_000;

  private final Vertx vertx;
  private final Context context;
  private final MetaLink link;
  private final ArrayDeque<JsonObject> received = new ArrayDeque<>();
  private final ArrayDeque<String> deleted = new ArrayDeque<>();
  private boolean scheduled;
  private boolean inFlight;

  BlockReportSender(Vertx vertx, Context context, MetaLink link) {
    this.vertx = vertx;
    this.context = context;
    this.link = link;
  }

  @Override
  public void received(BlockInfo block) {
    JsonObject entry = new JsonObject().put("blockId", block.blockId()).put("length", block.length())
        .put("crc32c", Crc32c.unsigned(block.crc32c()));
    context.runOnContext(v -> {
      received.add(entry);
      schedule(BATCH_DELAY_MS);
    });
  }

  @Override
  public void deleted(Collection<String> blockIds) {
    List<String> copy = List.copyOf(blockIds);
    context.runOnContext(v -> {
      deleted.addAll(copy);
      schedule(BATCH_DELAY_MS);
    });
  }

  /** Drops queued events; called when a JOIN's full block report is about to supersede them. */
  void clear() {
    received.clear();
    deleted.clear();
  }

  private void schedule(long delayMs) {
    if (received.size() + deleted.size() > MAX_QUEUED) {
      LOG.warn("event=report_queue_full queued={} action=rejoin", received.size() + deleted.size());
      clear();
      link.rejoin();
      return;
    }
    if (!scheduled && !inFlight) {
      scheduled = true;
      // Vert.x timers take at least 1 ms.
      vertx.setTimer(Math.max(1, delayMs), t -> {
        scheduled = false;
        flush();
      });
    }
  }

  private void flush() {
    if (received.isEmpty() && deleted.isEmpty()) {
      return;
    }
    if (!link.joined()) {
      schedule(200);
      return;
    }
    List<JsonObject> r = take(received);
    List<String> d = take(deleted);
    inFlight = true;
    link.report(new JsonObject().put("received", new JsonArray(r)).put("deleted", new JsonArray(d)))
        .onComplete(ar -> {
          inFlight = false;
          if (ar.succeeded()) {
            schedule(0);
            return;
          }
          if (ar.cause() instanceof DfsException e && e.code() == ErrorCode.CONFLICT) {
            link.rejoin();
            return;
          }
          LOG.warn("event=report_failed entries={} reason=\"{}\"", r.size() + d.size(), ar.cause().getMessage());
          r.forEach(received::addFirst);
          d.forEach(deleted::addFirst);
          schedule(1000);
        });
  }

  private static <T> List<T> take(ArrayDeque<T> queue) {
    List<T> out = new ArrayList<>();
    while (!queue.isEmpty() && out.size() < MAX_BATCH) {
      out.add(queue.poll());
    }
    return out;
  }
}
