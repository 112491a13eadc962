package io.dfs.common.tls;

import io.dfs.common.config.ConfigException;
import io.dfs.common.config.TlsConfig;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.util.Set;

/**
 * Applies a {@link TlsConfig} to Vert.x server and client options. Only TLS 1.2 and 1.3 are
 * spoken; clients trust the cluster's CA alone and check that the certificate names the host they
 * dialled; servers present their certificate and, where only servers connect, demand one back.
 */
public final class Tls {
  /** Older protocol versions are refused at the handshake. */
  public static final Set<String> PROTOCOLS = Set.of("TLSv1.2", "TLSv1.3");

  private Tls() {}

  /**
   * @param clientAuth {@code REQUIRED} on ports only servers use, {@code REQUEST} where servers
   *     and clients without certificates both connect, {@code NONE} elsewhere
   */
  public static <T extends NetServerOptions> T server(T options, TlsConfig tls, ClientAuth clientAuth) {
    if (tls == null) {
      return options;
    }
    if (!tls.hasIdentity()) {
      throw new ConfigException("a server with 'tls' needs 'tls.cert' and 'tls.key'");
    }
    options.setSsl(true)
        .setKeyCertOptions(identity(tls))
        .setTrustOptions(new PemTrustOptions().addCertPath(tls.ca()))
        .setEnabledSecureTransportProtocols(PROTOCOLS)
        .setClientAuth(clientAuth);
    return options;
  }

  public static NetClientOptions client(NetClientOptions options, TlsConfig tls) {
    if (tls == null) {
      return options;
    }
    options.setSsl(true)
        .setTrustOptions(new PemTrustOptions().addCertPath(tls.ca()))
        .setHostnameVerificationAlgorithm("HTTPS")
        .setEnabledSecureTransportProtocols(PROTOCOLS);
    if (tls.hasIdentity()) {
      options.setKeyCertOptions(identity(tls));
    }
    return options;
  }

  public static HttpClientOptions client(HttpClientOptions options, TlsConfig tls) {
    if (tls == null) {
      return options;
    }
    options.setSsl(true)
        .setTrustOptions(new PemTrustOptions().addCertPath(tls.ca()))
        .setVerifyHost(true)
        .setEnabledSecureTransportProtocols(PROTOCOLS);
    if (tls.hasIdentity()) {
      options.setKeyCertOptions(identity(tls));
    }
    return options;
  }

  private static PemKeyCertOptions identity(TlsConfig tls) {
    return new PemKeyCertOptions().setCertPath(tls.cert()).setKeyPath(tls.key());
  }
}
