package io.dfs.common.security;

/** Role names carried in the {@code roles} claim. */
public final class Roles {
  /** A person with a namespace of files. */
  public static final String USER = "user";
  /** A person who may see every namespace and node details. */
  public static final String ADMIN = "admin";
  /** A data node's service account: may JOIN, report blocks, replicate to peers. */
  public static final String DATANODE = "datanode";
  /** Meta's service account: may order deletes and replication on data nodes. */
  public static final String META = "meta";
  /**
   * A scraper (Prometheus): may read {@code /metrics} on every server and nothing else. Its tokens
   * are long-lived, so the role grants no data and no cluster details beyond the metrics.
   */
  public static final String METRICS = "metrics";

  private Roles() {}
}
