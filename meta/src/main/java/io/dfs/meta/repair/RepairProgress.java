package io.dfs.meta.repair;

import io.dfs.meta.events.EventKind;
import io.dfs.meta.events.EventLog;
import io.vertx.core.json.JsonObject;
import java.util.function.LongSupplier;

/**
 * Turns the scheduler's copies into a few events an operator can follow: one when copies are
 * planned after a quiet spell, a progress summary at most every {@link #PROGRESS_EVERY_MS} while
 * they run, and one when a scan finds nothing more to copy and nothing is queued or in flight.
 * One event per block would push everything else out of the log after a node with many blocks
 * dies. Used from the scheduler's event loop only.
 */
final class RepairProgress {
  static final long PROGRESS_EVERY_MS = 5_000;

  private final EventLog events;
  private final LongSupplier nanos;
  private boolean active;
  private long startedNanos;
  private long lastReportNanos;
  private long planned;
  private long copied;
  private long failed;
  private long bytes;

  RepairProgress(EventLog events, LongSupplier nanos) {
    this.events = events;
    this.nanos = nanos;
  }

  /** A scan finished; {@code newCopies} were queued by it, {@code queued}/{@code inFlight} are the totals now. */
  void scanned(int newCopies, long underReplicated, long missing, int queued, int inFlight) {
    if (newCopies > 0) {
      if (!active) {
        active = true;
        startedNanos = nanos.getAsLong();
        lastReportNanos = startedNanos;
        planned = copied = failed = bytes = 0;
        events.record(EventKind.REPLICATION_STARTED, "re-replication started: " + newCopies + " copies planned ("
                + underReplicated + " blocks under-replicated, " + missing + " missing)",
            new JsonObject().put("copies", newCopies).put("underReplicated", underReplicated).put("missing", missing));
      }
      planned += newCopies;
    } else if (active && queued == 0 && inFlight == 0) {
      active = false;
      long tookMs = (nanos.getAsLong() - startedNanos) / 1_000_000;
      String left = underReplicated + missing == 0 ? ""
          : "; still " + underReplicated + " under-replicated and " + missing + " missing blocks";
      events.record(EventKind.REPLICATION_DONE, "re-replication finished: " + copied + " copies made ("
              + mib(bytes) + "), " + failed + " failed, in " + String.format("%.1f", tookMs / 1000.0) + " s" + left,
          new JsonObject().put("copied", copied).put("failed", failed).put("bytes", bytes).put("tookMs", tookMs)
              .put("underReplicated", underReplicated).put("missing", missing));
    }
  }

  void copied(long landedBytes) {
    copied++;
    bytes += landedBytes;
  }

  void failed() {
    failed++;
  }

  /** Called on every scheduler tick; reports progress when a round has run long enough since the last report. */
  void tick(int queued, int inFlight) {
    long now = nanos.getAsLong();
    if (!active || now - lastReportNanos < PROGRESS_EVERY_MS * 1_000_000) {
      return;
    }
    lastReportNanos = now;
    events.record(EventKind.REPLICATION_PROGRESS, "re-replication: " + copied + " of " + planned + " copies made ("
            + mib(bytes) + "), " + failed + " failed, " + queued + " queued, " + inFlight + " in flight",
        new JsonObject().put("planned", planned).put("copied", copied).put("failed", failed).put("bytes", bytes)
            .put("queued", queued).put("inFlight", inFlight));
  }

  private static String mib(long bytes) {
    return String.format("%.1f MiB", bytes / (1024.0 * 1024.0));
  }
}
