package io.dfs.common.config;

import java.time.Duration;

/**
 * The auth server's config.
 *
 * <p>Failed logins are counted per account and per client address. After
 * {@code loginFailuresBeforeBackoff} consecutive failures, each further failure closes that account
 * (or address) to logins for a delay that starts at {@code loginBackoffBase} and doubles up to
 * {@code loginBackoffMax}; a success resets the count. A user account is locked after
 * {@code loginLockAfterFailures} consecutive failures until an operator unlocks it.
 *
 * @param host address to bind (default 127.0.0.1)
 * @param port HTTP port for tokens and JWKS (default 7000; 0 picks a free port)
 * @param dataDir where users, service accounts and signing keys live
 * @param issuer the {@code iss} of every token issued (default "dfs-auth")
 * @param audience the {@code aud} of every token issued (default "dfs")
 * @param tokenTtl lifetime of a token (default 15m); also how long a key replaced by a rotation
 *     stays published (plus the verifiers' 30 s leeway)
 * @param loginFailuresBeforeBackoff consecutive failed logins an account or address may have before
 *     further attempts must wait (default 5)
 * @param loginBackoffBase the first wait (default 1s); each further failure doubles it
 * @param loginBackoffMax the longest wait (default 5m)
 * @param loginLockAfterFailures consecutive failed logins that lock a user account (default 100, at
 *     most 100, at least {@code loginFailuresBeforeBackoff})
 * @param loginTrackedMax how many accounts, and how many addresses, the server remembers failures
 *     of (default 10000 each); beyond that the least recently seen are forgotten, so a flood of
 *     made-up names or addresses cannot exhaust memory
 * @param logLevel the level of this server's log: TRACE, DEBUG, INFO, WARN, ERROR or OFF; absent:
 *     {@code -Ddfs.log.level}, else INFO
 * @param tls TLS for the HTTP port; absent: plaintext
 * @param metricsTokenMaxTtl the longest lifetime an admin may give a scrape token (role
 *     {@code metrics}, for {@code /metrics} only; default 90d)
 */
public record AuthConfig(
    String host,
    Integer port,
    String dataDir,
    String issuer,
    String audience,
    Duration tokenTtl,
    Integer loginFailuresBeforeBackoff,
    Duration loginBackoffBase,
    Duration loginBackoffMax,
    Integer loginLockAfterFailures,
    Integer loginTrackedMax,
    String logLevel,
    TlsConfig tls,
    Duration metricsTokenMaxTtl) {
  /** Environment variables {@code DFS_AUTH_<KEY>} override keys of the file ({@link ConfigLoader}). */
  public static final String ENV_PREFIX = "DFS_AUTH_";
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 7000;
  public static final String DEFAULT_ISSUER = "dfs-auth";
  public static final String DEFAULT_AUDIENCE = "dfs";
  public static final Duration DEFAULT_TOKEN_TTL = Duration.ofMinutes(15);
  public static final int DEFAULT_LOGIN_FAILURES_BEFORE_BACKOFF = 5;
  public static final Duration DEFAULT_LOGIN_BACKOFF_BASE = Duration.ofSeconds(1);
  public static final Duration DEFAULT_LOGIN_BACKOFF_MAX = Duration.ofMinutes(5);
  /** NIST SP 800-63B §5.2.2 allows no more than 100 consecutive failures on one account. */
  public static final int MAX_LOGIN_LOCK_AFTER_FAILURES = 100;
  public static final int DEFAULT_LOGIN_LOCK_AFTER_FAILURES = MAX_LOGIN_LOCK_AFTER_FAILURES;
  public static final int DEFAULT_LOGIN_TRACKED_MAX = 10_000;
  public static final Duration DEFAULT_METRICS_TOKEN_MAX_TTL = Duration.ofDays(90);
  /** A token's lifetime travels as whole seconds in an int. */
  public static final Duration MAX_METRICS_TOKEN_MAX_TTL = Duration.ofDays(3650);

  public AuthConfig {
    host = Checks.or(host, DEFAULT_HOST);
    port = Checks.port("port", Checks.or(port, DEFAULT_PORT));
    dataDir = Checks.required("dataDir", dataDir);
    issuer = Checks.or(issuer, DEFAULT_ISSUER);
    audience = Checks.or(audience, DEFAULT_AUDIENCE);
    tokenTtl = Checks.positive("tokenTtl", Checks.or(tokenTtl, DEFAULT_TOKEN_TTL));
    loginFailuresBeforeBackoff = (int) Checks.positive("loginFailuresBeforeBackoff",
        Checks.or(loginFailuresBeforeBackoff, DEFAULT_LOGIN_FAILURES_BEFORE_BACKOFF));
    loginBackoffBase = Checks.positive("loginBackoffBase", Checks.or(loginBackoffBase, DEFAULT_LOGIN_BACKOFF_BASE));
    loginBackoffMax = Checks.positive("loginBackoffMax", Checks.or(loginBackoffMax, DEFAULT_LOGIN_BACKOFF_MAX));
    loginLockAfterFailures = (int) Checks.positive("loginLockAfterFailures",
        Checks.or(loginLockAfterFailures, DEFAULT_LOGIN_LOCK_AFTER_FAILURES));
    loginTrackedMax = (int) Checks.positive("loginTrackedMax", Checks.or(loginTrackedMax, DEFAULT_LOGIN_TRACKED_MAX));
    metricsTokenMaxTtl = Checks.positive("metricsTokenMaxTtl",
        Checks.or(metricsTokenMaxTtl, DEFAULT_METRICS_TOKEN_MAX_TTL));
    if (metricsTokenMaxTtl.compareTo(MAX_METRICS_TOKEN_MAX_TTL) > 0) {
      throw new ConfigException("'metricsTokenMaxTtl' must be at most 3650d, not " + metricsTokenMaxTtl);
    }
    logLevel = Checks.logLevel("logLevel", logLevel);
    if (loginBackoffBase.compareTo(loginBackoffMax) > 0) {
      throw new ConfigException("'loginBackoffBase' (" + loginBackoffBase + ") must not exceed 'loginBackoffMax' ("
          + loginBackoffMax + ")");
    }
    if (loginLockAfterFailures > MAX_LOGIN_LOCK_AFTER_FAILURES) {
      throw new ConfigException("'loginLockAfterFailures' must be at most " + MAX_LOGIN_LOCK_AFTER_FAILURES
          + ", not " + loginLockAfterFailures);
    }
    if (loginLockAfterFailures < loginFailuresBeforeBackoff) {
      throw new ConfigException("'loginLockAfterFailures' (" + loginLockAfterFailures
          + ") must not be below 'loginFailuresBeforeBackoff' (" + loginFailuresBeforeBackoff + ")");
    }
  }
}
