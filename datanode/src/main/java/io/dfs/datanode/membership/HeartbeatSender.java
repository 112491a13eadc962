package io.dfs.datanode.membership;

import io.dfs.common.heartbeat.Heartbeat;
import io.dfs.common.heartbeat.HeartbeatCodec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a UDP heartbeat every interval with the key meta handed out at JOIN, and listens on the same
 * socket for meta's REJOIN. The timer handler only reads a few in-memory numbers, encodes and sends
 * one datagram, so it is never starved by other work on the event loop.
 *
 * <p>Sequence numbers start at the wall clock in milliseconds and only go up, across re-joins, so
 * they stay above anything meta accepted from an earlier run of this node.
 */
final class HeartbeatSender {
  private static final Logger LOG = LoggerFactory.getLogger(HeartbeatSender.class);

  /** What a heartbeat reports; the supplier must not block. */
  record Status(long usedBytes, long capacityBytes, int blockCount) {}

  private final Vertx vertx;
  private final String nodeId;
  private final Supplier<Status> status;
  private final Runnable onRejoin;
  private DatagramSocket socket;
  private long timer = -1;
  private long seq;
  private volatile boolean paused;
  private volatile Runnable beat;

  /**
   * @param onRejoin called (on the context that opened the socket) when meta sends REJOIN for this node
   */
  HeartbeatSender(Vertx vertx, String nodeId, Supplier<Status> status, Runnable onRejoin) {
    this.vertx = vertx;
    this.nodeId = nodeId;
    this.status = status;
    this.onRejoin = onRejoin;
  }

  /** Opens the socket on {@code host}, any port. */
  Future<Void> open(String host) {
    socket = vertx.createDatagramSocket();
    socket.handler(packet -> {
      Buffer data = packet.data();
      if (HeartbeatCodec.typeOf(data) == HeartbeatCodec.TYPE_REJOIN && nodeId.equals(HeartbeatCodec.nodeIdOf(data))) {
        onRejoin.run();
      }
    });
    socket.exceptionHandler(e -> LOG.debug("event=heartbeat_socket_error reason=\"{}\"", e.getMessage()));
    return socket.listen(0, host).mapEmpty();
  }

  /** Starts (or restarts, after a re-join) sending to meta with a new key and interval. */
  void start(byte[] key, long intervalMs, String metaHost, int metaPort) {
    stop();
    beat = () -> {
      if (paused) {
        return;
      }
      Status s = status.get();
      Heartbeat hb = new Heartbeat(nodeId, nextSeq(), s.usedBytes(), s.capacityBytes(), s.blockCount(),
          System.currentTimeMillis());
      socket.send(HeartbeatCodec.encode(hb, key), metaPort, metaHost)
          .onFailure(e -> LOG.debug("event=heartbeat_not_sent meta={}:{} reason=\"{}\"", metaHost, metaPort,
              e.getMessage()));
    };
    beat.run();
    timer = vertx.setPeriodic(intervalMs, t -> beat.run());
  }

  private long nextSeq() {
    seq = Math.max(seq + 1, System.currentTimeMillis());
    return seq;
  }

  /** Stops sending until the next {@link #start}. */
  void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  /**
   * Skips heartbeats while paused; the node keeps serving. Resuming beats at once, as a process
   * continued after SIGSTOP fires its overdue timer at once.
   */
  void pause(boolean paused) {
    this.paused = paused;
    Runnable b = beat;
    if (!paused && b != null) {
      vertx.runOnContext(v -> b.run());
    }
  }

  Future<Void> close() {
    stop();
    return socket == null ? Future.succeededFuture() : socket.close();
  }
}
