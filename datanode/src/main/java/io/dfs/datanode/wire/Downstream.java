package io.dfs.datanode.wire;

import static io.dfs.common.wire.BlockProtocol.*;

import io.dfs.common.error.DfsException;
import io.dfs.common.error.ErrorCode;
import io.dfs.common.wire.FrameCodec;
import io.dfs.common.wire.FrameReader;
import io.dfs.datanode.wire.Headers.PeerAddress;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;

/**
 * The next hop of a replication pipe: a connection to the next node that has been sent the
 * PUT_BLOCK header and takes the same DATA frames. {@link #ack()} completes with that node's ACK, or
 * fails on its ERROR, on a dropped connection, or when no answer comes within the time allowed
 * after END.
 */
final class Downstream {
  static final long ACK_TIMEOUT_MS = 30_000;
  static final int WRITE_QUEUE_BYTES = 1024 * 1024;

  private final Vertx vertx;
  private final PeerAddress peer;
  private final NetSocket socket;
  private final Promise<JsonObject> ack = Promise.promise();

  private Downstream(Vertx vertx, PeerAddress peer, NetSocket socket) {
    this.vertx = vertx;
    this.peer = peer;
    this.socket = socket;
    socket.setWriteQueueMaxSize(WRITE_QUEUE_BYTES);
    FrameReader replies = FrameReader.over(socket);
    replies.exceptionHandler(e -> failAck("broken reply stream: " + e.getMessage()));
    replies.handler(frame -> {
      if (frame.is(TYPE_ACK)) {
        try {
          ack.tryComplete(FrameCodec.header(frame));
        } catch (DfsException e) {
          failAck("unreadable ACK");
        }
      } else if (frame.is(TYPE_ERROR)) {
        DfsException e = FrameCodec.toException(frame);
        ack.tryFail(new DfsException(e.code(), "replica " + peer.node() + ": " + e.getMessage()));
      } else {
        failAck("unexpected " + frame);
      }
    });
    socket.closeHandler(v -> failAck("connection closed"));
  }

  /** Connects to {@code peer} and sends it the request header. */
  static Future<Downstream> open(Vertx vertx, NetClient client, PeerAddress peer, JsonObject header) {
    return client.connect(peer.port(), peer.host())
        .recover(e -> Future.failedFuture(new DfsException(ErrorCode.UNAVAILABLE,
            "cannot reach replica " + peer.node() + " at " + peer.host() + ":" + peer.port())))
        .map(socket -> {
          Downstream d = new Downstream(vertx, peer, socket);
          socket.write(FrameCodec.json(TYPE_PUT_BLOCK, header));
          return d;
        });
  }

  private void failAck(String why) {
    ack.tryFail(new DfsException(ErrorCode.UNAVAILABLE, "replica " + peer.node() + " failed: " + why));
  }

  void write(Buffer frame) {
    socket.write(frame);
  }

  boolean writeQueueFull() {
    return socket.writeQueueFull();
  }

  void drainHandler(Handler<Void> handler) {
    socket.drainHandler(handler);
  }

  /** Sends END and waits for the node's answer. */
  Future<JsonObject> endAndAwaitAck() {
    socket.write(FrameCodec.end());
    long timer = vertx.setTimer(ACK_TIMEOUT_MS, t -> failAck("no answer within " + ACK_TIMEOUT_MS / 1000 + " s"));
    return ack.future().onComplete(ar -> {
      vertx.cancelTimer(timer);
      socket.close();
    });
  }

  /** Fails as soon as the node answers ERROR or drops, even mid-stream. */
  Future<JsonObject> ack() {
    return ack.future();
  }

  void close() {
    socket.close();
  }
}
