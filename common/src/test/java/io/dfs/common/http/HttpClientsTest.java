package io.dfs.common.http;

import static org.junit.jupiter.api.Assertions.*;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A server that answers and then resets the kept-alive connection (as a killed server's kernel
 * does) against a real client: the reset is a DEBUG line, not an ERROR, and the next request gets
 * a connection of its own.
 */
class HttpClientsTest {
  private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
  private final Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
  private final Logger clients = context.getLogger(HttpClients.class);
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private Level clientsLevel;
  private Vertx vertx;
  private ServerSocket server;
  private Thread serving;
  private final AtomicInteger accepted = new AtomicInteger();

  @BeforeEach
  void start() throws IOException {
    lines.setContext(context);
    lines.start();
    root.addAppender(lines);
    clientsLevel = clients.getLevel();
    clients.setLevel(Level.DEBUG);
    vertx = Vertx.vertx();
    server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
    serving = new Thread(this::answerOnceThenReset, "reset-server");
    serving.start();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    serving.join(5_000);
    vertx.close().await();
    root.detachAppender(lines);
    clients.setLevel(clientsLevel);
  }

  private void answerOnceThenReset() {
    while (!server.isClosed()) {
      try (Socket s = server.accept()) {
        accepted.incrementAndGet();
        readHead(s.getInputStream());
        s.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n"
            + "Connection: keep-alive\r\n\r\n{}").getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        Thread.sleep(300);
        // Linger 0: close sends RST, not FIN.
        s.setSoLinger(true, 0);
      } catch (IOException | InterruptedException e) {
        return;
      }
    }
  }

  private static void readHead(InputStream in) throws IOException {
    int matched = 0;
    byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    for (int b; matched < end.length && (b = in.read()) != -1; ) {
      matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
    }
  }

  @Test
  void aResetOfAnIdleConnectionIsADebugLineAndTheNextRequestStillWorks() throws Exception {
    JsonHttpClient client = new JsonHttpClient(vertx, Duration.ofSeconds(2), Duration.ofSeconds(5));
    String url = "http://127.0.0.1:" + server.getLocalPort() + "/x";
    assertEquals(new JsonObject(), client.get(url, null).await());

    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (lines.list.stream().noneMatch(e -> e.getLoggerName().equals(HttpClients.class.getName())
        || e.getLevel().isGreaterOrEqual(Level.ERROR))) {
      assertTrue(System.nanoTime() < deadline, "the client saw the reset: " + lines.list);
      Thread.sleep(50);
    }
    assertTrue(lines.list.stream().noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.ERROR)),
        () -> "no ERROR line: " + lines.list);
    assertEquals(new JsonObject(), client.get(url, null).await());
    assertEquals(2, accepted.get(), "the second request came on a new connection");
  }
}
