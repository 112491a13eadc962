package io.dfs.datanode.wire;

import static io.dfs.common.wire.BlockProtocol.*;

import io.dfs.common.error.DfsException;
import io.dfs.common.error.ErrorCode;
import io.dfs.common.error.NodeFailure;
import io.dfs.common.wire.BlockConnectionPool;
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
import io.vertx.core.net.NetSocket;
import java.time.Duration;

/**
 * The next hop of a replication pipe: a connection to the next node that has been sent the
 * PUT_BLOCK header and takes the same DATA frames, then END.
 *
 * <p>{@link #ack()} completes with the node's ACK; it fails with a {@link NodeFailure} naming the
 * failed node when the node answers ERROR (at any time, even mid-stream), drops the connection,
 * takes no bytes for {@code peerTimeout} while we have some to send (a stalled or stopped process),
 * or has not answered within {@code peerTimeout} of END. A failure further down the chain, which the
 * next node reports naming the node that failed, is passed on as it is.
 *
 * <p>After an ACK the connection goes back to its pool for the next block to that node; after any
 * failure it is closed, and a node mid-write then discards its partial copy.
 */
final class Downstream {
  static final int WRITE_QUEUE_BYTES = 1024 * 1024;

  private final Vertx vertx;
  private final PeerAddress peer;
  private final BlockConnectionPool.Lease connection;
  private final NetSocket socket;
  private final long peerTimeoutMs;
  private final Promise<JsonObject> ack = Promise.promise();
  private boolean endSent;
  private long timer = -1;
  private long lastProgressNanos = System.nanoTime();
  private final long stallCheck;

  private Downstream(Vertx vertx, PeerAddress peer, BlockConnectionPool.Lease connection, long peerTimeoutMs) {
    this.vertx = vertx;
    this.peer = peer;
    this.connection = connection;
    this.socket = connection.socket();
    this.peerTimeoutMs = peerTimeoutMs;
    this.stallCheck = vertx.setPeriodic(Math.max(1, Math.min(1_000, peerTimeoutMs / 3)), t -> checkStall());
    socket.setWriteQueueMaxSize(WRITE_QUEUE_BYTES);
    FrameReader replies = FrameReader.over(socket);
    replies.exceptionHandler(e -> failAck("sent an unreadable answer (" + e.getMessage() + ")"));
    replies.handler(frame -> {
      if (frame.is(TYPE_ERROR)) {
        DfsException e = FrameCodec.toException(frame);
        ack.tryFail(e instanceof NodeFailure ? e : new NodeFailure(ErrorCode.UNAVAILABLE, peer.node(),
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
      vertx.cancelTimer(stallCheck);
      if (ar.succeeded()) {
        connection.release(replies);
      } else {
        connection.close();
      }
    });
  }

  /**
   * How long to wait for the next node when {@code nodesDownstream} nodes (it included) follow:
   * {@code peerTimeout} for each. A stall at the end of a pipe stalls every node before it, and only
   * the node right before the stalled one may give up first, so its error names the right node;
   * each node further up waits one {@code peerTimeout} longer.
   */
  static long patienceMs(Duration peerTimeout, int nodesDownstream) {
    return peerTimeout.toMillis() * Math.max(1, nodesDownstream);
  }

  /** Connects to {@code peer} and sends it the PUT_BLOCK header. */
  static Future<Downstream> open(Vertx vertx, BlockConnectionPool connections, PeerAddress peer, JsonObject header,
      long peerTimeoutMs) {
    return connections.acquire(peer.host(), peer.port())
        .recover(e -> Future.failedFuture(new NodeFailure(ErrorCode.UNAVAILABLE, peer.node(),
            "cannot reach replica " + peer.node() + " at " + peer.host() + ":" + peer.port() + ": " + e.getMessage())))
        .map(connection -> {
          Downstream d = new Downstream(vertx, peer, connection, peerTimeoutMs);
          d.socket.write(FrameCodec.json(TYPE_PUT_BLOCK, header));
          return d;
        });
  }

  private void failAck(String why) {
    ack.tryFail(new NodeFailure(ErrorCode.UNAVAILABLE, peer.node(), "replica " + peer.node() + " " + why));
  }

  private void checkStall() {
    if (socket.writeQueueFull() && System.nanoTime() - lastProgressNanos > peerTimeoutMs * 1_000_000) {
      failAck("took no bytes for " + peerTimeoutMs + " ms");
    }
  }

  void write(Buffer frame) {
    if (!socket.writeQueueFull()) {
      lastProgressNanos = System.nanoTime();
    }
    socket.write(frame);
  }

  boolean writeQueueFull() {
    return socket.writeQueueFull();
  }

  void drainHandler(Handler<Void> handler) {
    socket.drainHandler(handler == null ? null : v -> {
      lastProgressNanos = System.nanoTime();
      handler.handle(v);
    });
  }

  /** Sends END; from now on the node has {@code peerTimeout} to answer. */
  void end() {
    endSent = true;
    socket.write(FrameCodec.end());
    timer = vertx.setTimer(peerTimeoutMs, t -> failAck("did not answer within " + peerTimeoutMs + " ms"));
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
    throw new NodeFailure(ErrorCode.UNAVAILABLE, peer.node(), "replica " + peer.node() + " acknowledged without naming nodes");
  }

  PeerAddress peer() {
    return peer;
  }

  /** Drops the connection; a node mid-write then discards its partial copy. */
  void close() {
    failAck("was abandoned");
    connection.close();
  }
}
