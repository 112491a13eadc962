package io.dfs.common.http;

import static org.junit.jupiter.api.Assertions.*;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real HTTP server under a short header deadline, spoken to over raw sockets: trickled heads and
 * silent kept-alive connections are closed; slow answers and busy connections are not.
 */
class HeaderDeadlineTest {
  static final Duration PERIOD = Duration.ofMillis(400);
  static Vertx vertx;
  static HttpServer server;
  static HeaderDeadline deadline;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    deadline = new HeaderDeadline(vertx, PERIOD);
    server = deadline.install(vertx.createHttpServer(HttpServers.options(null, null)), request -> {
      long delay = request.path().equals("/slow") ? PERIOD.toMillis() * 4 : 0;
      if (delay == 0) {
        request.response().end("ok");
      } else {
        vertx.setTimer(delay, id -> request.response().end("ok"));
      }
    }).listen(0, "127.0.0.1").await();
  }

  @AfterAll
  static void stop() {
    if (vertx != null) {
      vertx.close().await();
    }
  }

  static Socket connect() throws IOException {
    Socket s = new Socket("127.0.0.1", server.actualPort());
    s.setSoTimeout((int) PERIOD.toMillis() * 10);
    return s;
  }

  static String request(String path) {
    return "GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n";
  }

  /** Reads one small response whole (headers and the 2-byte body). */
  static String readResponse(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    while (!sb.toString().endsWith("\r\n\r\nok")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed after " + sb);
      }
      sb.append((char) b);
    }
    return sb.toString();
  }

  /** True once the server has closed the connection; false if it is still open after {@code wait}. */
  static boolean closedWithin(Socket s, Duration wait) throws IOException {
    s.setSoTimeout((int) wait.toMillis());
    try {
      return s.getInputStream().read() < 0;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  @Test
  void aTrickledHeadIsClosedWithinTwoPeriods() throws Exception {
    try (Socket s = connect()) {
      OutputStream out = s.getOutputStream();
      byte[] head = request("/").getBytes(StandardCharsets.US_ASCII);
      long started = System.nanoTime();
      boolean closed = false;
      for (int i = 0; i < head.length - 1 && !closed; i++) {
        try {
          out.write(head[i]);
          out.flush();
        } catch (IOException e) {
          closed = true;
        }
        closed = closed || closedWithin(s, PERIOD.dividedBy(4));
      }
      assertTrue(closed, "a head trickled for " + head.length * PERIOD.toMillis() / 4 + " ms was never cut off");
      assertTrue(System.nanoTime() - started < PERIOD.multipliedBy(2).plusMillis(300).toNanos());
    }
  }

  @Test
  void aSilentKeptAliveConnectionIsClosedAfterItsAnswer() throws Exception {
    try (Socket s = connect()) {
      s.getOutputStream().write(request("/").getBytes(StandardCharsets.US_ASCII));
      assertTrue(readResponse(s.getInputStream()).startsWith("HTTP/1.1 200"));
      assertTrue(closedWithin(s, PERIOD.multipliedBy(3)));
    }
  }

  @Test
  void anAnswerSlowerThanThePeriodIsNotCutOff() throws Exception {
    try (Socket s = connect()) {
      s.getOutputStream().write(request("/slow").getBytes(StandardCharsets.US_ASCII));
      assertTrue(readResponse(s.getInputStream()).startsWith("HTTP/1.1 200"));
    }
  }

  @Test
  void aConnectionAskingAgainWithinEachPeriodStaysOpen() throws Exception {
    try (Socket s = connect()) {
      for (int i = 0; i < 6; i++) {
        s.getOutputStream().write(request("/").getBytes(StandardCharsets.US_ASCII));
        assertTrue(readResponse(s.getInputStream()).startsWith("HTTP/1.1 200"), "request " + i);
        Thread.sleep(PERIOD.toMillis() / 2);
      }
    }
  }

  @Test
  void answeredRequestsAreNotHeldUntilTheNextCheck() throws Exception {
    // A period no check falls into while the test runs: only pruning on each new head can help.
    HeaderDeadline longDeadline = new HeaderDeadline(vertx, Duration.ofMinutes(5));
    HttpServer longServer = longDeadline.install(vertx.createHttpServer(HttpServers.options(null, null)),
        request -> request.response().end("ok")).listen(0, "127.0.0.1").await();
    try (Socket s = new Socket("127.0.0.1", longServer.actualPort())) {
      s.setSoTimeout(10_000);
      for (int i = 0; i < 200; i++) {
        s.getOutputStream().write(request("/").getBytes(StandardCharsets.US_ASCII));
        assertTrue(readResponse(s.getInputStream()).startsWith("HTTP/1.1 200"), "request " + i);
      }
      int held = longDeadline.held();
      assertTrue(held <= 1, "200 answered requests on one connection left " + held + " held");
    } finally {
      longServer.close().await();
    }
  }
}
