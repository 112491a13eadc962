package io.dfs.common.tls;

import io.dfs.common.config.ConfigException;
import io.dfs.common.config.TlsConfig;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.OpenSSLEngineOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.SSLEngineOptions;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a {@link TlsConfig} to Vert.x server and client options. Only TLS 1.2 and 1.3 are
 * spoken; clients trust the cluster's CA alone and check that the certificate names the host they
 * dialled; servers present their certificate and, where only servers connect, demand one back.
 *
 * <p>Records are sealed by OpenSSL (BoringSSL, shipped for linux-x86_64) wherever it loads, else by
 * the JDK. On Java 17 the JDK's AES-GCM runs as plain Java until the JIT has compiled its callers
 * at the top tier, which on a busy two-core machine took minutes; until then GHASH alone took a
 * third of the load client's CPU.
 */
public final class Tls {
  private static final Logger LOG = LoggerFactory.getLogger(Tls.class);
  /** Older protocol versions are refused at the handshake. */
  public static final Set<String> PROTOCOLS = Set.of("TLSv1.2", "TLSv1.3");
  private static volatile boolean engineLogged;

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
        .setSslEngineOptions(engine())
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
        .setSslEngineOptions(engine())
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
        .setSslEngineOptions(engine())
        .setTrustOptions(new PemTrustOptions().addCertPath(tls.ca()))
        .setVerifyHost(true)
        .setEnabledSecureTransportProtocols(PROTOCOLS);
    if (tls.hasIdentity()) {
      options.setKeyCertOptions(identity(tls));
    }
    return options;
  }

  /** OpenSSL's engine where its native library loads on this machine, else the JDK's. */
  public static SSLEngineOptions engine() {
    boolean openSsl = OpenSSLEngineOptions.isAvailable();
    if (!engineLogged) {
      engineLogged = true;
      LOG.info("event=tls_engine engine={}", openSsl ? "openssl" : "jdk");
    }
    return openSsl ? new OpenSSLEngineOptions() : new JdkSSLEngineOptions();
  }

  private static PemKeyCertOptions identity(TlsConfig tls) {
    return new PemKeyCertOptions().setCertPath(tls.cert()).setKeyPath(tls.key());
  }
}
