package io.dfs.common.config;

import java.time.Duration;

/**
 * The CLI's config.
 *
 * @param authUrl base URL of the auth server (default http://127.0.0.1:7000)
 * @param metaUrl base URL of meta's client API (default http://127.0.0.1:7100)
 * @param parallelism blocks in flight per transfer (default 8)
 * @param connectTimeout TCP connect timeout (default 5s)
 * @param ioTimeout longest wait for a byte or an answer before a replica counts as failed (default 30s)
 * @param tls the cluster's CA, to speak TLS to every server; absent: plaintext
 */
public record ClientConfig(String authUrl, String metaUrl, Integer parallelism, Duration connectTimeout,
    Duration ioTimeout, TlsConfig tls) {
  public static final String DEFAULT_AUTH_URL = "http://127.0.0.1:7000";
  public static final String DEFAULT_META_URL = "http://127.0.0.1:7100";
  public static final int DEFAULT_PARALLELISM = 8;

  public ClientConfig {
    authUrl = Checks.or(authUrl, DEFAULT_AUTH_URL);
    metaUrl = Checks.or(metaUrl, DEFAULT_META_URL);
    parallelism = (int) Checks.positive("parallelism", Checks.or(parallelism, DEFAULT_PARALLELISM));
    connectTimeout = Checks.positive("connectTimeout", Checks.or(connectTimeout, Duration.ofSeconds(5)));
    ioTimeout = Checks.positive("ioTimeout", Checks.or(ioTimeout, Duration.ofSeconds(30)));
  }

  public static ClientConfig defaults() {
    return new ClientConfig(null, null, null, null, null, null);
  }
}
