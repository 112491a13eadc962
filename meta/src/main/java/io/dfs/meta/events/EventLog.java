package io.dfs.meta.events;

import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * The most recent cluster events, in memory only: joins, evictions, re-replication, bad replicas,
 * expired uploads. It keeps at most {@code capacity} events, dropping the oldest, and numbers them
 * from 1 so a reader can ask for what is newer than what it has. A restarted meta starts again at 1.
 *
 * <p>Recorded from several verticles' event loops; every method holds the lock only to copy a
 * few references, never across I/O.
 */
public final class EventLog {
  public static final int DEFAULT_CAPACITY = 1_000;
  /** Longest message kept; reasons come from other servers and must not grow the log. */
  public static final int MAX_MESSAGE_CHARS = 400;

  /** What a read returns: the events after the asked sequence number, oldest first. */
  public record Page(List<ClusterEvent> events, long lastSeq, long missed) {}

  private final Clock clock;
  private final int capacity;
  /** Names this log, so a reader tells a restarted meta (numbering from 1 again) from the one it read. */
  private final String boot = java.util.UUID.randomUUID().toString();
  private final ArrayDeque<ClusterEvent> ring;
  private long lastSeq;

  public EventLog(Clock clock, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, not " + capacity);
    }
    this.clock = clock;
    this.capacity = capacity;
    this.ring = new ArrayDeque<>(capacity);
  }

  /** Adds an event now; {@code fields} is copied. Returns it as stored. */
  public ClusterEvent record(EventKind kind, String message, JsonObject fields) {
    String text = message.length() <= MAX_MESSAGE_CHARS ? message : message.substring(0, MAX_MESSAGE_CHARS - 1) + "…";
    JsonObject copy = fields == null ? new JsonObject() : fields.copy();
    long now = clock.millis();
    synchronized (this) {
      ClusterEvent event = new ClusterEvent(++lastSeq, now, kind, text, copy);
      if (ring.size() == capacity) {
        ring.removeFirst();
      }
      ring.addLast(event);
      return event;
    }
  }

  /**
   * The events with a sequence number above {@code since}, oldest first. {@code missed} counts
   * those the log no longer holds (they were dropped to make room) that the reader has not seen.
   */
  public synchronized Page since(long since) {
    List<ClusterEvent> out = new ArrayList<>();
    ClusterEvent first = ring.peekFirst();
    long missed = first == null ? 0 : Math.max(0, first.seq() - 1 - Math.max(0, since));
    // Newest last: walk back only as far as needed, so a reader that is up to date costs nothing.
    Iterator<ClusterEvent> it = ring.descendingIterator();
    while (it.hasNext()) {
      ClusterEvent e = it.next();
      if (e.seq() <= since) {
        break;
      }
      out.add(e);
    }
    Collections.reverse(out);
    return new Page(out, lastSeq, missed);
  }

  public String boot() {
    return boot;
  }

  public int capacity() {
    return capacity;
  }
}
