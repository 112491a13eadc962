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
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;

/**
 * The next hop of a replication pipe: a connection to the next node that has been sent the
 * PUT_BLOCK header and takes the same DATA frames, then END.
 *
 * <p>{@link #ack()} completes with the node's ACK; it fails with UNAVAILABLE naming the failed node
 * when the node answers ERROR (at any time, even mid-stream), drops the connection, or has not
 * answered within {@link #ACK_TIMEOUT_MS} of END. A failure further down the chain, already
 * reported as UNAVAILABLE by the next node, is passed on as it is so it keeps naming the node that
 * actually failed.
 */
final class Downstream {
  static final long ACK_TIMEOUT_MS = 30_000;
  static final int WRITE_QUEUE_BYTES = 1024 * 1024;

  private final Vertx vertx;
  private final PeerAddress peer;
  private final NetSocket socket;
  private final Promise<JsonObject> ack = Promise.promise();
  private boolean endSent;
  private long timer = -1;

  private Downstream(Vertx vertx, PeerAddress peer, NetSocket socket) {
    this.vertx = vertx;
    this.peer = peer;
    this.socket = socket;
    socket.setWriteQueueMaxSize(WRITE_QUEUE_BYTES);
    FrameReader replies = FrameReader.over(socket);
    replies.exceptionHandler(e -> failAck("sent an unreadable answer (" + e.getMessage() + ")"));
    replies.handler(frame -> {
      if (frame.is(TYPE_ERROR)) {
        DfsException e = FrameCodec.toException(frame);
        ack.tryFail(e.code() == ErrorCode.UNAVAILABLE ? e : new DfsException(ErrorCode.UNAVAILABLE,
            "replica " + peer.node() + " refused the block: " + e.code().wireName() + ": " + e.getMessage()));
      } else if (frame.is(TYPE_ACK) && endSent) {
        try {
          ack.tryComplete(FrameCodec.header(frame));
        } catch (DfsException e) {
          failAck("sent an unreadable ACK");
        }
      } else {
        failAck("sent " + frame + " out of turn");
      }
    });
    socket.closeHandler(v -> failAck("closed the connection"));
    ack.future().onComplete(ar -> {
      if (timer >= 0) {
        vertx.cancelTimer(timer);
      }
      socket.close();
    });
  }

  /** Connects to {@code peer} and sends it the PUT_BLOCK header. */
  static Future<Downstream> open(Vertx vertx, NetClient client, PeerAddress peer, JsonObject header) {
    return client.connect(peer.port(), peer.host())
        .recover(e -> Future.failedFuture(new DfsException(ErrorCode.UNAVAILABLE,
            "cannot reach replica " + peer.node() + " at " + peer.host() + ":" + peer.port() + ": " + e.getMessage())))
        .map(socket -> {
          Downstream d = new Downstream(vertx, peer, socket);
          socket.write(FrameCodec.json(TYPE_PUT_BLOCK, header));
          return d;
        });
  }

  private void failAck(String why) {
    ack.tryFail(new DfsException(ErrorCode.UNAVAILABLE, "replica " + peer.node() + " " + why));
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

  /** Sends END; from now on the node has {@link #ACK_TIMEOUT_MS} to answer. */
  void end() {
    endSent = true;
    socket.write(FrameCodec.end());
    timer = vertx.setTimer(ACK_TIMEOUT_MS, t -> failAck("did not answer within " + ACK_TIMEOUT_MS / 1000 + " s"));
  }

  /** The node's ACK; see the class comment for how it fails. */
  Future<JsonObject> ack() {
    return ack.future();
  }

  /** The nodes the ACK lists as holding the block, or UNAVAILABLE if it lists none. */
  static JsonArray nodesOf(JsonObject ack, PeerAddress peer) {
    if (ack.getValue("nodes") instanceof JsonArray nodes && !nodes.isEmpty()) {
      return nodes;
    }
    throw new DfsException(ErrorCode.UNAVAILABLE, "replica " + peer.node() + " acknowledged without naming nodes");
  }

  PeerAddress peer() {
    return peer;
  }

  /** Drops the connection; a node mid-write then discards its partial copy. */
  void close() {
    failAck("was abandoned");
    socket.close();
  }
}
