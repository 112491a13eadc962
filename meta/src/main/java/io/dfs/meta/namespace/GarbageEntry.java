package io.dfs.meta.namespace;

import java.util.Set;
import java.util.TreeSet;

/**
 * The value of a garbage block's key: {@code <reclaimAt, 16 hex digits>/<fileId>/<node>,<node>}.
 * Values written before holders were kept end after the file id, and those written before reclaim
 * times were kept hold just the file id; both still read, with no holders (and time 0).
 * Node ids never hold '/' or ',' ({@code JoinRequest} admits letters, digits, '.', '_', ':', '-').
 */
record GarbageEntry(long reclaimAt, String fileId, Set<String> holders) {
  GarbageEntry {
    holders = Set.copyOf(holders);
  }

  static GarbageEntry parse(String value) {
    if (!timed(value)) {
      return new GarbageEntry(0, value, Set.of());
    }
    long reclaimAt = Namespace.time(value, 0);
    String rest = value.substring(17);
    int slash = rest.indexOf('/');
    if (slash < 0) {
      return new GarbageEntry(reclaimAt, rest, Set.of());
    }
    String holders = rest.substring(slash + 1);
    return new GarbageEntry(reclaimAt, rest.substring(0, slash),
        holders.isEmpty() ? Set.of() : Set.of(holders.split(",")));
  }

  /** False for a value of the oldest form, a bare file id. */
  static boolean timed(String value) {
    return value.length() > 16 && value.charAt(16) == '/';
  }

  GarbageEntry withHolders(Set<String> left) {
    return new GarbageEntry(reclaimAt, fileId, left);
  }

  String encode() {
    // Sorted, so that the same holders always make the same bytes.
    return Namespace.time(reclaimAt) + "/" + fileId + "/" + String.join(",", new TreeSet<>(holders));
  }
}
