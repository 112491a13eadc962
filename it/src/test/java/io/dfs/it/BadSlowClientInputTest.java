package io.dfs.it;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Slowloris (RELIABILITY B23): connections to every listener that each send one byte of a request
 * header every 10 s. Each is closed within 30 s although it is never idle, ordinary requests are
 * served meanwhile, and the open files return to where they were.
 */
class BadSlowClientInputTest extends BadInputSuite {
  static final Duration TRICKLE = Duration.ofSeconds(10);
  static final Duration CLOSED_WITHIN = Duration.ofSeconds(30);
  static final byte[] HTTP_HEAD = "GET /ready HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: aaaaaaaaaa\r\n\r\n"
      .getBytes(StandardCharsets.US_ASCII);
  /** A block protocol frame header announcing a JSON header of 200 bytes. */
  static final byte[] BLOCK_HEAD = {0, 0, 0, (byte) 201, 1, '{', '"', 'v', '"', ':', '1', ',', '"'};

  /** One trickling connection. */
  static final class Slow {
    final String listener;
    final Socket socket;
    final byte[] head;
    final long openedNanos = System.nanoTime();
    int sent;
    long closedNanos;

    Slow(String listener, int port, byte[] head) throws IOException {
      this.listener = listener;
      this.head = head;
      socket = new Socket();
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      socket.setSoTimeout(1);
    }

    boolean open() {
      return closedNanos == 0;
    }

    void trickle() {
      try {
        socket.getOutputStream().write(head[sent++ % (head.length - 1)]);
      } catch (IOException e) {
        closed();
      }
    }

    void poll() {
      try {
        if (socket.getInputStream().read() < 0) {
          closed();
        }
      } catch (SocketTimeoutException e) {
        // still open
      } catch (IOException e) {
        closed();
      }
    }

    private void closed() {
      if (closedNanos == 0) {
        closedNanos = System.nanoTime();
      }
    }

    Duration lived() {
      return Duration.ofNanos(closedNanos - openedNanos);
    }
  }

  static int port(String url) {
    return URI.create(url).getPort();
  }

  @Test
  void tricklingConnectionsAreClosedWhileOthersAreServed() throws Exception {
    Map<String, Integer> listeners = new LinkedHashMap<>();
    listeners.put("auth", port(cluster.authUrl()));
    listeners.put("meta client API", port(cluster.metaUrl()));
    listeners.put("meta discovery", port(cluster.discoveryUrl()));
    listeners.put("data node HTTP", cluster.dataNode(1).httpPort());
    long self = ProcessHandle.current().pid();
    long filesBefore = ProcessFootprint.openFiles(self);
    List<Slow> slow = new ArrayList<>();
    List<Long> servedMillis = new ArrayList<>();
    try {
      for (Map.Entry<String, Integer> l : listeners.entrySet()) {
        for (int i = 0; i < 200; i++) {
          slow.add(new Slow(l.getKey(), l.getValue(), HTTP_HEAD));
        }
      }
      for (int i = 0; i < 200; i++) {
        slow.add(new Slow("data node block protocol", cluster.dataNode(1).port(), BLOCK_HEAD));
      }
      long started = System.nanoTime();
      long nextTrickle = started;
      while (slow.stream().anyMatch(Slow::open)
          && System.nanoTime() - started < CLOSED_WITHIN.plusSeconds(5).toNanos()) {
        if (System.nanoTime() >= nextTrickle) {
          slow.stream().filter(Slow::open).forEach(Slow::trickle);
          nextTrickle += TRICKLE.toNanos();
        }
        long t = System.nanoTime();
        assertFalse(alice.list().isEmpty());
        servedMillis.add((System.nanoTime() - t) / 1_000_000);
        slow.stream().filter(Slow::open).forEach(Slow::poll);
        Thread.sleep(200);
      }
      for (Slow s : slow) {
        assertFalse(s.open(), s.listener + " kept a trickling connection open for "
            + Duration.ofNanos(System.nanoTime() - s.openedNanos).toSeconds() + " s");
        assertTrue(s.lived().compareTo(CLOSED_WITHIN) <= 0, s.listener + " closed one after " + s.lived());
      }
      servedMillis.sort(null);
      System.out.printf("slowloris connections %d longest_open_s %d list_p50_ms %d list_max_ms %d%n", slow.size(),
          slow.stream().mapToLong(s -> s.lived().toSeconds()).max().orElse(0),
          servedMillis.get(servedMillis.size() / 2), servedMillis.get(servedMillis.size() - 1));
    } finally {
      for (Slow s : slow) {
        s.socket.close();
      }
    }
    long limit = Math.round(filesBefore * 1.10);
    Http.await("open files back to " + filesBefore, QUICK, () -> ProcessFootprint.openFiles(self) <= limit);
  }
}
