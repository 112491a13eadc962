package io.dfs.common.tls;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dfs.common.config.TlsConfig;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.OpenSSLEngineOptions;
import org.junit.jupiter.api.Test;

class TlsTest {
  private static final TlsConfig TLS = new TlsConfig("/etc/dfs/ca.pem", "/etc/dfs/node.pem", "/etc/dfs/node.key");

  @Test
  void theShippedOpenSslLoadsOnLinuxX8664() {
    assumeTrue(System.getProperty("os.name").equals("Linux") && System.getProperty("os.arch").equals("amd64"),
        "the jars carry BoringSSL for linux-x86_64 only");
    assertTrue(OpenSSLEngineOptions.isAvailable(), "netty-tcnative did not load");
    assertInstanceOf(OpenSSLEngineOptions.class, Tls.engine());
  }

  @Test
  void everyServerAndClientSealsWithTheChosenEngine() {
    Class<?> engine = Tls.engine().getClass();
    assertEquals(engine, Tls.server(new NetServerOptions(), TLS, ClientAuth.REQUEST).getSslEngineOptions().getClass());
    assertEquals(engine, Tls.server(new HttpServerOptions(), TLS, ClientAuth.NONE).getSslEngineOptions().getClass());
    assertEquals(engine, Tls.client(new NetClientOptions(), TLS).getSslEngineOptions().getClass());
    assertEquals(engine, Tls.client(new HttpClientOptions(), TLS).getSslEngineOptions().getClass());
  }

  @Test
  void withoutTlsNothingIsSet() {
    assertFalse(Tls.client(new NetClientOptions(), null).isSsl());
    assertNull(Tls.client(new HttpClientOptions(), null).getSslEngineOptions());
  }
}
