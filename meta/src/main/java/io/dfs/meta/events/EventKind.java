package io.dfs.meta.events;

/**
 * What happened, as {@code kind} in {@code GET /api/v1/events}. The wire names are part of the API;
 * never derive them from ordinals or constant names.
 */
public enum EventKind {
  /** A node meta had not seen since it started joined. Fields: {@code node}, {@code address}. */
  NODE_JOINED("node_joined"),
  /** A dead node joined again. Fields: {@code node}, {@code address}, {@code deadForMs}. */
  NODE_BACK("node_back"),
  /** A live node joined again (it restarted, or meta asked it to). Fields: {@code node}, {@code address}. */
  NODE_REJOINED("node_rejoined"),
  /** A node was marked dead. Fields: {@code node}, {@code address}, {@code reason}. */
  NODE_EVICTED("node_evicted"),
  /** Copies were planned after a quiet spell. Fields: {@code copies}, {@code underReplicated}, {@code missing}. */
  REPLICATION_STARTED("replication_started"),
  /**
   * Re-replication is under way, at most one every few seconds. Fields: {@code planned},
   * {@code copied}, {@code failed}, {@code bytes}, {@code queued}, {@code inFlight}.
   */
  REPLICATION_PROGRESS("replication_progress"),
  /**
   * Nothing left to copy. Fields: {@code copied}, {@code failed}, {@code bytes}, {@code tookMs},
   * and the blocks a scan still found short ({@code underReplicated}, {@code missing}) that no copy can fix now.
   */
  REPLICATION_DONE("replication_done"),
  /**
   * A reader reported a bad replica. Fields: {@code block}, {@code node}, {@code reason}, and
   * {@code action}: {@code replaced} (deleted, a good copy follows) or {@code kept} (no other good copy).
   */
  CORRUPT_REPLICA("corrupt_replica"),
  /** Uncommitted files passed their expiry. Fields: {@code files}, {@code blocks}, {@code names} (the first few). */
  PENDING_EXPIRED("pending_expired");

  private final String wireName;

  EventKind(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
