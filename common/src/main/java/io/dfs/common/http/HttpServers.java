package io.dfs.common.http;

import io.dfs.common.config.TlsConfig;
import io.dfs.common.tls.Tls;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * How every DFS HTTP server is made. Vert.x keeps an idle connection forever by default; here one
 * that sends or takes nothing for {@link #IDLE_TIMEOUT_SECONDS} is closed, and one that trickles
 * a request head without finishing it is closed by the {@link HeaderDeadline}, so slow or stalled
 * clients (slowloris) cannot hold connections open. Headers stay within Vert.x's 8 KiB bound,
 * larger ones are answered 431. Servers speak HTTP/1.1 only, so a connection carries one request at
 * a time. Clear-text HTTP/2 is off also because, with it on, Vert.x reports a connection (and
 * so starts its deadline) only once a whole first request head has ruled HTTP/2 out.
 */
public final class HttpServers {
  public static final int IDLE_TIMEOUT_SECONDS = 30;
  /** A connection must complete a request head within one to two of these periods. */
  public static final Duration HEADER_PERIOD = Duration.ofSeconds(15);
  /**
   * How long our HTTP clients keep an idle connection: well inside {@link #HEADER_PERIOD}, after
   * which a server may close it. A client that kept it longer could send a request on a connection
   * the server is closing that moment, and fail a request that never reached the server.
   */
  public static final int CLIENT_KEEP_ALIVE_SECONDS = 10;

  private HttpServers() {}

  /** A server answering with {@code handler}, not yet listening. */
  public static HttpServer create(Vertx vertx, TlsConfig tls, ClientAuth clientAuth,
      Handler<HttpServerRequest> handler) {
    return HeaderDeadline.install(vertx, vertx.createHttpServer(options(tls, clientAuth)), HEADER_PERIOD, handler);
  }

  static HttpServerOptions options(TlsConfig tls, ClientAuth clientAuth) {
    return Tls.server(new HttpServerOptions()
        .setIdleTimeout(IDLE_TIMEOUT_SECONDS)
        .setIdleTimeoutUnit(TimeUnit.SECONDS)
        .setHttp2ClearTextEnabled(false), tls, clientAuth);
  }
}
