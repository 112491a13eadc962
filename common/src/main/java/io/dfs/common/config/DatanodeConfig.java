package io.dfs.common.config;

import java.time.Duration;

/**
 * A data node's config.
 *
 * @param host address to bind (default 127.0.0.1)
 * @param port block protocol port (default 7201; 0 picks a free port)
 * @param httpPort health and metrics port (default 7301; 0 picks a free port)
 * @param advertiseHost host clients and peers use to reach this node (default: host)
 * @param dataDir where blocks live ({@code blocks/}, {@code tmp/}, {@code node.json})
 * @param nodeName node id to take on first start (default: a random one); kept in node.json
 * @param serviceAccount this node's service account on auth, role {@code datanode}
 * @param secretFile file holding that account's secret
 * @param authUrl base URL of the auth server
 * @param metaUrl base URL of meta's discovery endpoint (e.g. http://127.0.0.1:7101)
 * @param issuer expected {@code iss} of tokens (default "dfs-auth")
 * @param audience expected {@code aud} of tokens (default "dfs")
 * @param capacityBytes capacity to report (default 0: the usable space of dataDir's file system)
 * @param fsync fsync block files and their directory before acknowledging (default true)
 * @param directIo write and read blocks of 1 MiB and more with O_DIRECT, past the page cache, where
 *     the data directory's file system allows it (default true)
 * @param maxBlockBytes largest block accepted (default 10 MiB, matching meta)
 * @param peerTimeout longest a peer (next node of a pipe, target of a copy) may go without taking or
 *     sending a byte before it counts as failed (default 10s); a node waits this long per node
 *     after it in the pipe, so a client's {@code ioTimeout} should exceed it times the replication
 * @param replicationBytesPerSecond bytes per second this node sends when re-replicating, over all
 *     its copies together (default 50 MiB)
 * @param replicationStreams re-replication copies this node sends at once; more are refused as busy
 *     (default 2)
 * @param scrubBytesPerSecond bytes per second the background scrubber reads (default 8 MiB)
 * @param scrubInterval time from the start of one full scrub pass to the start of the next
 *     (default 24h)
 * @param idleTimeout a block connection that sends and takes nothing this long is closed (default
 *     60s), so silent or stalled clients cannot pin connections and write reservations
 * @param headerTimeout a block connection must complete each request header within this long of
 *     connecting or of its previous answer, or it is closed (default 20s); unlike the idle
 *     timeout, a client trickling bytes cannot reset it
 * @param logLevel the level of this server's log: TRACE, DEBUG, INFO, WARN, ERROR or OFF; absent:
 *     {@code -Ddfs.log.level}, else INFO
 * @param tls TLS for the block protocol, the HTTP port and calls to auth and meta; absent:
 *     plaintext
 */
public record DatanodeConfig(
    String host,
    Integer port,
    Integer httpPort,
    String advertiseHost,
    String dataDir,
    String nodeName,
    String serviceAccount,
    String secretFile,
    String authUrl,
    String metaUrl,
    String issuer,
    String audience,
    Long capacityBytes,
    Boolean fsync,
    Boolean directIo,
    Long maxBlockBytes,
    Duration peerTimeout,
    Long replicationBytesPerSecond,
    Integer replicationStreams,
    Long scrubBytesPerSecond,
    Duration scrubInterval,
    Duration idleTimeout,
    Duration headerTimeout,
    String logLevel,
    TlsConfig tls) {
  /**
   * Environment variables {@code DFS_DATANODE_<KEY>} override keys of the file ({@link ConfigLoader});
   * {@code DFS_DATANODE_JAVA_OPTS} is the start scripts' JVM flags, not a key.
   */
  public static final String ENV_PREFIX = "DFS_DATANODE_";
  public static final int DEFAULT_PORT = 7201;
  public static final int DEFAULT_HTTP_PORT = 7301;

  public DatanodeConfig {
    host = Checks.or(host, AuthConfig.DEFAULT_HOST);
    port = Checks.port("port", Checks.or(port, DEFAULT_PORT));
    httpPort = Checks.port("httpPort", Checks.or(httpPort, DEFAULT_HTTP_PORT));
    advertiseHost = Checks.or(advertiseHost, host);
    dataDir = Checks.required("dataDir", dataDir);
    serviceAccount = Checks.required("serviceAccount", serviceAccount);
    secretFile = Checks.required("secretFile", secretFile);
    authUrl = Checks.required("authUrl", authUrl);
    metaUrl = Checks.required("metaUrl", metaUrl);
    issuer = Checks.or(issuer, AuthConfig.DEFAULT_ISSUER);
    audience = Checks.or(audience, AuthConfig.DEFAULT_AUDIENCE);
    capacityBytes = Checks.or(capacityBytes, 0L);
    if (capacityBytes < 0) {
      throw new ConfigException("'capacityBytes' must not be negative");
    }
    fsync = Checks.or(fsync, Boolean.TRUE);
    directIo = Checks.or(directIo, Boolean.TRUE);
    maxBlockBytes = Checks.positive("maxBlockBytes", Checks.or(maxBlockBytes, MetaConfig.DEFAULT_MAX_BLOCK_BYTES));
    peerTimeout = Checks.positive("peerTimeout", Checks.or(peerTimeout, Duration.ofSeconds(10)));
    replicationBytesPerSecond = Checks.positive("replicationBytesPerSecond",
        Checks.or(replicationBytesPerSecond, 50L * 1024 * 1024));
    replicationStreams = (int) Checks.positive("replicationStreams", Checks.or(replicationStreams, 2));
    scrubBytesPerSecond = Checks.positive("scrubBytesPerSecond", Checks.or(scrubBytesPerSecond, 8L * 1024 * 1024));
    scrubInterval = Checks.positive("scrubInterval", Checks.or(scrubInterval, Duration.ofHours(24)));
    idleTimeout = Checks.positive("idleTimeout", Checks.or(idleTimeout, Duration.ofSeconds(60)));
    headerTimeout = Checks.positive("headerTimeout", Checks.or(headerTimeout, Duration.ofSeconds(20)));
    logLevel = Checks.logLevel("logLevel", logLevel);
  }
}
