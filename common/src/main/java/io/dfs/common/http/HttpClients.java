package io.dfs.common.http;

import io.dfs.common.config.TlsConfig;
import io.dfs.common.tls.Tls;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How every DFS HTTP client is made: keep-alive for {@link HttpServers#CLIENT_KEEP_ALIVE_SECONDS},
 * and a failure on a pooled connection that carries no request (the server was killed, and reset
 * it) is a DEBUG line. Vert.x would log it as an ERROR with no context; a request in flight on the
 * connection fails on its own, with a message naming the server.
 */
public final class HttpClients {
  private static final Logger LOG = LoggerFactory.getLogger(HttpClients.class);

  private HttpClients() {}

  public static HttpClient create(Vertx vertx, int connectTimeoutMs, TlsConfig tls, PoolOptions pool) {
    HttpClientOptions options = new HttpClientOptions().setConnectTimeout(connectTimeoutMs).setKeepAlive(true)
        .setKeepAliveTimeout(HttpServers.CLIENT_KEEP_ALIVE_SECONDS);
    return vertx.httpClientBuilder()
        .with(Tls.client(options, tls))
        .with(pool)
        .withConnectHandler(connection -> connection.exceptionHandler(e ->
            LOG.debug("event=http_connection_failed peer={} reason=\"{}\"", connection.remoteAddress(), e.getMessage())))
        .build();
  }
}
