package io.dfs.meta.health;

/** What meta did with one heartbeat datagram. */
public enum HeartbeatOutcome {
  /** Valid and newer than the last one from that node: recorded. */
  ACCEPTED("accepted"),
  /** Wrong size, magic, version or type: dropped before parsing. */
  MALFORMED("malformed"),
  /** From a node that has not joined or was evicted: dropped, answered with REJOIN. */
  UNKNOWN_NODE("unknown_node"),
  /** The HMAC does not verify with the node's key: dropped. */
  BAD_HMAC("bad_hmac"),
  /** A sequence number not above the last accepted one (a replay or a late datagram): dropped. */
  STALE_SEQ("stale_seq");

  private final String label;

  HeartbeatOutcome(String label) {
    this.label = label;
  }

  /** The label of this outcome in metrics and logs. */
  public String label() {
    return label;
  }
}
