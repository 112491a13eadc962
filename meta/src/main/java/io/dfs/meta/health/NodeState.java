package io.dfs.meta.health;

/** A data node as meta sees it. */
public enum NodeState {
  /** Joined and heard from within the allowed silence; on the KeyRing. */
  LIVE("live"),
  /** Evicted after missed heartbeats; off the KeyRing until it joins again. */
  DEAD("dead");

  private final String wireName;

  NodeState(String wireName) {
    this.wireName = wireName;
  }

  /** The {@code state} value in cluster JSON. */
  public String wireName() {
    return wireName;
  }
}
