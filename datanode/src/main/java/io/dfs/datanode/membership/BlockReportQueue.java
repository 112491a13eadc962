package io.dfs.datanode.membership;

import io.dfs.common.wire.Crc32c;
import io.dfs.datanode.store.BlockStore.BlockInfo;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Replica changes waiting to be reported to meta, at most one per block id: a newer event for a
 * block replaces an older one, so "received then deleted" can never reach meta in the wrong order
 * within a batch. Bounded by {@code capacity} distinct blocks; an add past it is refused and the
 * caller falls back to a full block report (a JOIN). Thread-safe.
 */
final class BlockReportQueue {
  /** One pending change: {@code info} for a received replica, null for a deleted one. */
  record Event(String blockId, BlockInfo info) {}

  /** Changes taken for one report. */
  record Batch(List<Event> events) {
    JsonObject toJson() {
      JsonArray received = new JsonArray();
      JsonArray deleted = new JsonArray();
      for (Event e : events) {
        if (e.info() != null) {
          received.add(new JsonObject().put("blockId", e.blockId()).put("length", e.info().length())
              .put("crc32c", Crc32c.unsigned(e.info().crc32c())));
        } else {
          deleted.add(e.blockId());
        }
      }
      return new JsonObject().put("received", received).put("deleted", deleted);
    }
  }

  private final int capacity;
  private final Map<String, Event> pending = new LinkedHashMap<>();
  /** Blocks of the report in flight: taken, not yet settled or put back. */
  private final Set<String> inFlight = new HashSet<>();
  /** A JOIN's full report is being taken or sent: it may list any block. */
  private boolean fullReportInFlight;

  BlockReportQueue(int capacity) {
    this.capacity = capacity;
  }

  /** Queues a received replica; false (nothing queued) if the queue is full. */
  synchronized boolean received(BlockInfo info) {
    return add(new Event(info.blockId(), info));
  }

  /** Queues deleted replicas; false if the queue filled up on the way. */
  synchronized boolean deleted(Collection<String> blockIds) {
    for (String id : blockIds) {
      if (!add(new Event(id, null))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Queues deletions of garbage meta asked for, but only of blocks with a change meta may not have
   * applied yet: one queued, one in the report in flight, or a full report under way. Meta drops
   * the rest from the delete's ACK; reporting them again would only keep the report connection
   * busy (meta's reclaimer deletes garbage all day). A "received" that meta applies after the ACK
   * would leave it holding a replica that is gone, hence the deletion behind it.
   *
   * @return false if the queue filled up on the way
   */
  synchronized boolean garbageDeleted(Collection<String> blockIds) {
    for (String id : blockIds) {
      boolean unsettled = fullReportInFlight || pending.containsKey(id) || inFlight.contains(id);
      if (unsettled && !add(new Event(id, null))) {
        return false;
      }
    }
    return true;
  }

  private boolean add(Event e) {
    if (pending.size() >= capacity && !pending.containsKey(e.blockId())) {
      return false;
    }
    // Re-inserting moves the block to the back, behind anything already queued.
    pending.remove(e.blockId());
    pending.put(e.blockId(), e);
    return true;
  }

  /** Takes up to {@code max} of the oldest changes. */
  synchronized Batch take(int max) {
    List<Event> out = new ArrayList<>(Math.min(max, pending.size()));
    Iterator<Event> it = pending.values().iterator();
    while (it.hasNext() && out.size() < max) {
      Event e = it.next();
      out.add(e);
      inFlight.add(e.blockId());
      it.remove();
    }
    return new Batch(out);
  }

  /** The report of {@code batch} is over: meta applied it, or a full report (a JOIN) replaces it. */
  synchronized void settled(Batch batch) {
    for (Event e : batch.events()) {
      inFlight.remove(e.blockId());
    }
  }

  /**
   * Returns the changes of a report that failed. A block changed again since is left as it is now.
   *
   * @return false if the queue could not take them all back (it is full)
   */
  synchronized boolean putBack(Batch batch) {
    settled(batch);
    boolean all = true;
    for (Event e : batch.events()) {
      if (!pending.containsKey(e.blockId())) {
        if (pending.size() >= capacity) {
          all = false;
        } else {
          pending.put(e.blockId(), e);
        }
      }
    }
    return all;
  }

  synchronized void clear() {
    pending.clear();
  }

  /** A JOIN takes a full report now: it covers everything queued so far. */
  synchronized void beginFullReport() {
    pending.clear();
    fullReportInFlight = true;
  }

  /** The JOIN's full report was answered or failed. */
  synchronized void fullReportSettled() {
    fullReportInFlight = false;
  }

  synchronized int size() {
    return pending.size();
  }

  synchronized boolean isEmpty() {
    return pending.isEmpty();
  }
}
