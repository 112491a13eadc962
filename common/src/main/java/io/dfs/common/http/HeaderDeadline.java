package io.dfs.common.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Closes a connection that neither delivers a complete request head nor has a request being
 * answered for a whole period. The idle timeout alone cannot do this: a client that trickles one
 * header byte every few seconds (slowloris) resets it with each byte and would hold its connection
 * for as long as it likes. So a connection that never finishes a head is closed one period after
 * it opened, and a kept-alive one between one and two periods after its last answer.
 *
 * <p>The check looks at whether responses have ended rather than hooking their end, because
 * vertx-web's routing context takes the response's end handler for itself. Answered requests are
 * dropped as each new head arrives, not only at the periodic check: a kept-alive connection would
 * otherwise hold every request (with its routing context, headers and body) answered in the last
 * period, thousands of them for a busy or hostile client, long enough for them to reach the old
 * generation.
 */
final class HeaderDeadline {
  private final Vertx vertx;
  private final long periodMillis;
  private final Map<HttpConnection, Watch> watches = new ConcurrentHashMap<>();

  HeaderDeadline(Vertx vertx, Duration period) {
    this.vertx = vertx;
    this.periodMillis = period.toMillis();
  }

  /** Puts {@code server}'s requests through {@code handler}, each connection under the deadline. */
  static HttpServer install(Vertx vertx, HttpServer server, Duration period, Handler<HttpServerRequest> handler) {
    return new HeaderDeadline(vertx, period).install(server, handler);
  }

  HttpServer install(HttpServer server, Handler<HttpServerRequest> handler) {
    return server.connectionHandler(this::opened).requestHandler(request -> {
      headArrived(request);
      handler.handle(request);
    });
  }

  /** Requests the watches hold across all connections: those being answered, and at most one more each. */
  int held() {
    return watches.values().stream().mapToInt(w -> w.answering.size()).sum();
  }

  private void opened(HttpConnection connection) {
    Watch watch = new Watch();
    watches.put(connection, watch);
    watch.timer = vertx.setPeriodic(periodMillis, id -> check(connection, watch));
    connection.closeHandler(v -> {
      watches.remove(connection);
      vertx.cancelTimer(watch.timer);
    });
  }

  private void headArrived(HttpServerRequest request) {
    HttpConnection connection = request.connection();
    Watch watch = connection == null ? null : watches.get(connection);
    if (watch != null) {
      watch.headSeen = true;
      watch.answering.removeIf(HeaderDeadline::answered);
      watch.answering.add(request);
    }
  }

  private static boolean answered(HttpServerRequest request) {
    return request.response().ended() || request.response().closed();
  }

  private void check(HttpConnection connection, Watch watch) {
    watch.answering.removeIf(HeaderDeadline::answered);
    if (watch.answering.isEmpty() && !watch.headSeen) {
      vertx.cancelTimer(watch.timer);
      connection.close();
    }
    watch.headSeen = false;
  }

  /** What one connection did in the current period. */
  private static final class Watch {
    final List<HttpServerRequest> answering = new ArrayList<>(1);
    long timer = -1;
    boolean headSeen;
  }
}
