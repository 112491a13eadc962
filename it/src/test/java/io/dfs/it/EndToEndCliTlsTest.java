package io.dfs.it;

import org.junit.jupiter.api.BeforeAll;

/**
 * Every end-to-end CLI test again on a cluster started as {@code make up TLS=1} starts it: every
 * server, every peer connection, the CLI and this test speak TLS, with certificates from
 * {@code scripts/tls.sh}.
 */
class EndToEndCliTlsTest extends EndToEndCliTest {
  @BeforeAll
  static void startCluster() throws Exception {
    start(true);
  }
}
