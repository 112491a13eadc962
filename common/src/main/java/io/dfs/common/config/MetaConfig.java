package io.dfs.common.config;

import java.time.Duration;

/**
 * The meta server's config.
 *
 * @param host address to bind all listeners to (default 127.0.0.1)
 * @param clientPort client API and status page (default 7100)
 * @param discoveryPort data node JOIN and block reports (default 7101)
 * @param heartbeatPort UDP heartbeats (default 7102)
 * @param dataDir the namespace store lives in {@code dataDir/db}
 * @param authUrl base URL of the auth server, for JWKS and meta's own service login
 * @param issuer expected {@code iss} of tokens (default "dfs-auth")
 * @param audience expected {@code aud} of tokens (default "dfs")
 * @param serviceAccount meta's service account on auth (default "meta"), role {@code meta}
 * @param secretFile file holding that account's secret
 * @param heartbeatInterval how often data nodes send heartbeats (default 1s)
 * @param missedHeartbeats successive missed intervals before eviction (default 2)
 * @param replication default replication factor (default 3)
 * @param minReplicas replicas a block needs for a commit to succeed (default 2)
 * @param minBlockBytes smallest block size (default 100 KiB)
 * @param maxBlockBytes largest block size (default 10 MiB)
 * @param virtualNodes points per node on the KeyRing (default 64)
 * @param pendingExpiry how long an uncommitted file lives (default 1h)
 * @param syncWrites sync RocksDB's WAL before acknowledging a mutation (default true)
 * @param maxFileBytes largest file a client may create (default 1 TiB)
 * @param replicationStreams re-replication copies in flight at once over the whole cluster
 *     (default 8); each data node also bounds what it sends itself
 * @param replicationTimeout longest meta waits for one copy before trying another source or target
 *     (default 60s)
 * @param blockTokenTtl lifetime of the block tokens meta hands out (default and most 5m)
 * @param reclaimDelay how long the blocks of a deleted or replaced file stay on the data nodes, so
 *     that reads which looked the file up before still finish (default: blockTokenTtl; 0 deletes at once)
 * @param logLevel the level of this server's log: TRACE, DEBUG, INFO, WARN, ERROR or OFF; absent:
 *     {@code -Ddfs.log.level}, else INFO
 * @param tls TLS for the client and discovery ports (discovery demands a client certificate) and
 *     for calls to auth and the data nodes; absent: plaintext
 */
public record MetaConfig(
    String host,
    Integer clientPort,
    Integer discoveryPort,
    Integer heartbeatPort,
    String dataDir,
    String authUrl,
    String issuer,
    String audience,
    String serviceAccount,
    String secretFile,
    Duration heartbeatInterval,
    Integer missedHeartbeats,
    Integer replication,
    Integer minReplicas,
    Long minBlockBytes,
    Long maxBlockBytes,
    Integer virtualNodes,
    Duration pendingExpiry,
    Boolean syncWrites,
    Long maxFileBytes,
    Integer replicationStreams,
    Duration replicationTimeout,
    Duration blockTokenTtl,
    Duration reclaimDelay,
    String logLevel,
    TlsConfig tls) {
  /** Environment variables {@code DFS_META_<KEY>} override keys of the file ({@link ConfigLoader}). */
  public static final String ENV_PREFIX = "DFS_META_";
  public static final int DEFAULT_CLIENT_PORT = 7100;
  public static final int DEFAULT_DISCOVERY_PORT = 7101;
  public static final int DEFAULT_HEARTBEAT_PORT = 7102;
  public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(1);
  public static final int DEFAULT_MISSED_HEARTBEATS = 2;
  public static final int DEFAULT_REPLICATION = 3;
  public static final int DEFAULT_MIN_REPLICAS = 2;
  public static final long DEFAULT_MIN_BLOCK_BYTES = 100 * 1024;
  public static final long DEFAULT_MAX_BLOCK_BYTES = 10 * 1024 * 1024;
  public static final int DEFAULT_VIRTUAL_NODES = 64;
  public static final Duration DEFAULT_PENDING_EXPIRY = Duration.ofHours(1);
  public static final long DEFAULT_MAX_FILE_BYTES = 1L << 40;
  /** Block tokens are capabilities anyone holding them can use: they must not live long. */
  public static final Duration MAX_BLOCK_TOKEN_TTL = Duration.ofMinutes(5);

  public MetaConfig {
    host = Checks.or(host, AuthConfig.DEFAULT_HOST);
    clientPort = Checks.port("clientPort", Checks.or(clientPort, DEFAULT_CLIENT_PORT));
    discoveryPort = Checks.port("discoveryPort", Checks.or(discoveryPort, DEFAULT_DISCOVERY_PORT));
    heartbeatPort = Checks.port("heartbeatPort", Checks.or(heartbeatPort, DEFAULT_HEARTBEAT_PORT));
    dataDir = Checks.required("dataDir", dataDir);
    authUrl = Checks.required("authUrl", authUrl);
    issuer = Checks.or(issuer, AuthConfig.DEFAULT_ISSUER);
    audience = Checks.or(audience, AuthConfig.DEFAULT_AUDIENCE);
    serviceAccount = Checks.or(serviceAccount, "meta");
    secretFile = Checks.required("secretFile", secretFile);
    heartbeatInterval = Checks.positive("heartbeatInterval", Checks.or(heartbeatInterval, DEFAULT_HEARTBEAT_INTERVAL));
    missedHeartbeats = (int) Checks.positive("missedHeartbeats", Checks.or(missedHeartbeats, DEFAULT_MISSED_HEARTBEATS));
    replication = (int) Checks.positive("replication", Checks.or(replication, DEFAULT_REPLICATION));
    minReplicas = (int) Checks.positive("minReplicas", Checks.or(minReplicas, DEFAULT_MIN_REPLICAS));
    minBlockBytes = Checks.positive("minBlockBytes", Checks.or(minBlockBytes, DEFAULT_MIN_BLOCK_BYTES));
    maxBlockBytes = Checks.positive("maxBlockBytes", Checks.or(maxBlockBytes, DEFAULT_MAX_BLOCK_BYTES));
    virtualNodes = (int) Checks.positive("virtualNodes", Checks.or(virtualNodes, DEFAULT_VIRTUAL_NODES));
    pendingExpiry = Checks.positive("pendingExpiry", Checks.or(pendingExpiry, DEFAULT_PENDING_EXPIRY));
    syncWrites = Checks.or(syncWrites, Boolean.TRUE);
    maxFileBytes = Checks.positive("maxFileBytes", Checks.or(maxFileBytes, DEFAULT_MAX_FILE_BYTES));
    replicationStreams = (int) Checks.positive("replicationStreams", Checks.or(replicationStreams, 8));
    replicationTimeout = Checks.positive("replicationTimeout", Checks.or(replicationTimeout, Duration.ofSeconds(60)));
    blockTokenTtl = Checks.positive("blockTokenTtl", Checks.or(blockTokenTtl, MAX_BLOCK_TOKEN_TTL));
    logLevel = Checks.logLevel("logLevel", logLevel);
    if (blockTokenTtl.compareTo(MAX_BLOCK_TOKEN_TTL) > 0) {
      throw new ConfigException("'blockTokenTtl' must be at most " + MAX_BLOCK_TOKEN_TTL + ", not " + blockTokenTtl);
    }
    // A reader that looked a file up holds block tokens for up to their TTL: its blocks must outlive
    // a delete or a replace at least that long for the read to finish.
    reclaimDelay = Checks.notNegative("reclaimDelay", Checks.or(reclaimDelay, blockTokenTtl));
    if (minReplicas > replication) {
      throw new ConfigException("'minReplicas' (" + minReplicas + ") must not exceed 'replication' (" + replication + ")");
    }
    if (minBlockBytes > maxBlockBytes) {
      throw new ConfigException("'minBlockBytes' must not exceed 'maxBlockBytes'");
    }
  }
}
