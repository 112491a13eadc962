package io.dfs.bench.load;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the cluster may answer, from what it acknowledged. Each write to a name is recorded when it
 * is sent and when it is acknowledged or fails, on one logical clock; a read is judged by the
 * moments it began and ended. A version may be seen from when its write was sent until the next
 * acknowledged write of the name was acknowledged: before that the new version may not have taken
 * effect yet, after it the old one is gone. A failed write may or may not have taken effect, and
 * may yet (its commit may still be queued in meta): it stays possible for good. The load generator
 * never sends a write of a name while another is in flight. Each read is judged on its own: two
 * reads that saw versions in an order no single history allows are not caught.
 */
final class Oracle {
  /** A deletion, and the state of a name nobody wrote yet. */
  static final String DELETED = "deleted";

  private final AtomicLong clock = new AtomicLong();
  private final Map<String, List<Version>> names = new ConcurrentHashMap<>();

  /** The logical time now; a read takes one before it starts and one after it ends. */
  long now() {
    return clock.incrementAndGet();
  }

  /** A put of content with this SHA-256 (hex) to {@code name} is about to be sent. */
  Write putting(String name, String sha256) {
    return begin(name, sha256);
  }

  /** A delete of {@code name} is about to be sent. */
  Write deleting(String name) {
    return begin(name, DELETED);
  }

  private Write begin(String name, String content) {
    List<Version> history = names.computeIfAbsent(name, n -> {
      List<Version> list = new ArrayList<>();
      Version nothing = new Version(DELETED, 0);
      nothing.acknowledgedAt = 0;
      list.add(nothing);
      return list;
    });
    Version v = new Version(content, now());
    synchronized (history) {
      history.add(v);
    }
    return new Write(v);
  }

  /**
   * Whether a read of {@code name} between {@code began} and {@code ended} may have answered
   * {@code content}: a SHA-256, or {@link #DELETED} for "no such file".
   */
  boolean mayRead(String name, long began, long ended, String content) {
    List<Version> history = names.get(name);
    if (history == null) {
      return DELETED.equals(content);
    }
    synchronized (history) {
      for (int i = 0; i < history.size(); i++) {
        Version v = history.get(i);
        long gone = v.failed ? Long.MAX_VALUE : goneAt(history, i);
        if (v.content.equals(content) && v.sentAt <= ended && gone > began) {
          return true;
        }
      }
      return false;
    }
  }

  /** When version {@code i} was certainly replaced: the next acknowledged write's acknowledgement. */
  private static long goneAt(List<Version> history, int i) {
    for (int j = i + 1; j < history.size(); j++) {
      long acked = history.get(j).acknowledgedAt;
      if (acked > 0) {
        return acked;
      }
    }
    return Long.MAX_VALUE;
  }

  /** What a read of {@code name} may answer now. */
  Set<String> choicesNow(String name) {
    long now = now();
    return choicesBetween(name, now, now);
  }

  /** What a read of {@code name} between {@code began} and {@code ended} may have answered. */
  Set<String> choicesBetween(String name, long began, long ended) {
    Set<String> out = new LinkedHashSet<>();
    List<Version> history = names.get(name);
    if (history == null) {
      out.add(DELETED);
      return out;
    }
    synchronized (history) {
      for (Version v : history) {
        if (mayRead(name, began, ended, v.content)) {
          out.add(v.content);
        }
      }
    }
    return out;
  }

  /** Every name the run ever wrote. */
  List<String> names() {
    return List.copyOf(names.keySet());
  }

  private static final class Version {
    final String content;
    final long sentAt;
    /** 0 while in flight, and for ever after a failure. */
    volatile long acknowledgedAt;
    volatile boolean failed;

    Version(String content, long sentAt) {
      this.content = content;
      this.sentAt = sentAt;
    }
  }

  /** One write in flight: end it with {@link #acknowledged()} or {@link #failed()}. */
  final class Write {
    private final Version version;

    private Write(Version version) {
      this.version = version;
    }

    void acknowledged() {
      version.acknowledgedAt = now();
    }

    /** The write's outcome is unknown: it may take effect at any time from now on. */
    void failed() {
      version.failed = true;
    }
  }
}
