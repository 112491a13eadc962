package io.dfs.datanode.membership;

import io.dfs.common.heartbeat.Heartbeat;
import io.dfs.common.heartbeat.HeartbeatCodec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Sends a UDP heartbeat every interval with the key meta handed out at JOIN, and listens on the
 * same socket for meta's REJOIN. Its timer handler only encodes and sends one datagram, so it is
 * never starved by other work on the event loop. Sequence numbers start at the wall clock in ms and
 * only go up, so they stay above anything meta saw from this node before a restart.
 */
final class HeartbeatSender {
  /** What a heartbeat reports, read fresh for each one. */
  record Status(long usedBytes, long capacityBytes, int blockCount) {}

  private final Vertx vertx;
  private final String nodeId;
  private final Supplier<Status> status;
  private final Runnable onRejoin;
  private DatagramSocket socket;
  private long timer = -1;
  private long seq = System.currentTimeMillis();
  private volatile boolean paused;

  HeartbeatSender(Vertx vertx, String nodeId, Supplier<Status> status, Runnable onRejoin) {
    this.vertx = vertx;
    this.nodeId = nodeId;
    this.status = status;
    this.onRejoin = onRejoin;
  }

  Future<Void> open(String host) {
    socket = vertx.createDatagramSocket();
    socket.handler(packet -> {
      Buffer data = packet.data();
      if (HeartbeatCodec.typeOf(data) == HeartbeatCodec.TYPE_REJOIN && nodeId.equals(HeartbeatCodec.nodeIdOf(data))) {
        onRejoin.run();
      }
    });
    return socket.listen(0, host).mapEmpty();
  }

  /** Starts (or restarts, after a re-join) sending to meta with a new key and interval. */
  void start(byte[] key, long intervalMs, String metaHost, int metaPort) {
    stop();
    LongSupplier next = () -> ++seq;
    timer = vertx.setPeriodic(0, intervalMs, t -> {
      if (paused) {
        return;
      }
      Status s = status.get();
      Heartbeat hb = new Heartbeat(nodeId, next.getAsLong(), s.usedBytes(), s.capacityBytes(), s.blockCount(),
          System.currentTimeMillis());
      socket.send(HeartbeatCodec.encode(hb, key), metaPort, metaHost);
    });
  }

  void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  void pause(boolean paused) {
    this.paused = paused;
  }

  Future<Void> close() {
    stop();
    return socket == null ? Future.succeededFuture() : socket.close();
  }
}
