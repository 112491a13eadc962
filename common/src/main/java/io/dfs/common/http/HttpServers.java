package io.dfs.common.http;

import io.dfs.common.config.TlsConfig;
import io.dfs.common.tls.Tls;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServerOptions;
import java.util.concurrent.TimeUnit;

/**
 * Options every DFS HTTP server starts from. Vert.x keeps an idle connection forever by default;
 * here one that sends or takes nothing for {@link #IDLE_TIMEOUT_SECONDS} is closed, so slow or
 * stalled clients (slowloris) cannot hold connections open. Headers stay within Vert.x's 8 KiB
 * bound, larger ones are answered 431.
 */
public final class HttpServers {
  public static final int IDLE_TIMEOUT_SECONDS = 30;

  private HttpServers() {}

  public static HttpServerOptions options(TlsConfig tls, ClientAuth clientAuth) {
    return Tls.server(new HttpServerOptions()
        .setIdleTimeout(IDLE_TIMEOUT_SECONDS)
        .setIdleTimeoutUnit(TimeUnit.SECONDS), tls, clientAuth);
  }
}
