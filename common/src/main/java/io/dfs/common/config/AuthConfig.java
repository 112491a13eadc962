package io.dfs.common.config;

import java.time.Duration;

/**
 * The auth server's config.
 *
 * @param host address to bind (default 127.0.0.1)
 * @param port HTTP port for tokens and JWKS (default 7000; 0 picks a free port)
 * @param dataDir where users, service accounts and signing keys live
 * @param issuer the {@code iss} of every token issued (default "dfs-auth")
 * @param audience the {@code aud} of every token issued (default "dfs")
 * @param tokenTtl lifetime of a token (default 15m)
 */
public record AuthConfig(String host, Integer port, String dataDir, String issuer, String audience, Duration tokenTtl) {
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 7000;
  public static final String DEFAULT_ISSUER = "dfs-auth";
  public static final String DEFAULT_AUDIENCE = "dfs";
  public static final Duration DEFAULT_TOKEN_TTL = Duration.ofMinutes(15);

  public AuthConfig {
    host = Checks.or(host, DEFAULT_HOST);
    port = Checks.port("port", Checks.or(port, DEFAULT_PORT));
    dataDir = Checks.required("dataDir", dataDir);
    issuer = Checks.or(issuer, DEFAULT_ISSUER);
    audience = Checks.or(audience, DEFAULT_AUDIENCE);
    tokenTtl = Checks.positive("tokenTtl", Checks.or(tokenTtl, DEFAULT_TOKEN_TTL));
  }
}
