package io.dfs.cli.client;

import io.dfs.common.error.DfsException;
import io.dfs.common.error.ErrorCode;
import io.dfs.common.error.NodeFailure;
import io.dfs.common.wire.BlockConnectionPool;
import io.dfs.common.wire.BlockProtocol;
import io.dfs.common.wire.Frame;
import io.dfs.common.wire.FrameCodec;
import io.dfs.common.wire.FrameReader;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;

/**
 * One request and its answer on a connection to a data node. Subclasses send the request and
 * react to frames; this class turns every way a conversation can end badly (ERROR frame, broken
 * framing, connection closed or idle for too long, a failed write) into exactly one failure that
 * names the node. When the exchange ends, the connection goes back to its pool after a success
 * and is closed after a failure.
 *
 * <p>All methods run on the socket's event loop.
 */
abstract class BlockExchange<T> implements BlockConnectionPool.Attempt<T> {
  protected final NetSocket socket;
  protected final FrameReader frames;
  private final BlockConnectionPool.Lease connection;
  protected final NodeAddress node;
  private final Promise<T> result = Promise.promise();
  private final long ioTimeoutMs;
  private long lastProgressNanos = System.nanoTime();
  private boolean answered;
  /** Whether any frame of the answer arrived. */
  private boolean heard;
  /** Whether the connection failed or was closed by the node (not for our idle timeout). */
  private boolean lost;

  BlockExchange(BlockConnectionPool.Lease connection, NodeAddress node, long ioTimeoutMs) {
    this.connection = connection;
    this.socket = connection.socket();
    this.frames = FrameReader.over(socket);
    this.node = node;
    this.ioTimeoutMs = ioTimeoutMs;
  }

  /** Runs the exchange; the future completes once, when the connection has been released or closed. */
  @Override
  public final Future<T> run() {
    frames.handler(this::receive);
    frames.exceptionHandler(e -> fail(new DfsException(ErrorCode.INTERNAL, node + " broke the block protocol: "
        + e.getMessage())));
    socket.exceptionHandler(e -> {
      if (!answered) {
        lost = true;
        fail(new NodeFailure(ErrorCode.UNAVAILABLE, node.node(), "connection to " + node + " failed: " + e.getMessage()));
      }
    });
    socket.closeHandler(v -> {
      if (!answered) {
        fail(closedEarly());
      }
    });
    try {
      start();
    } catch (RuntimeException e) {
      fail(e);
    }
    return result.future().transform(ar -> {
      if (ar.succeeded()) {
        connection.release(frames);
        return Future.succeededFuture(ar.result());
      }
      return connection.close().otherwiseEmpty().transform(closed -> Future.failedFuture(ar.cause()));
    });
  }

  /** Sends the request. */
  protected abstract void start();

  /** Handles one frame of the answer; may throw a {@link DfsException} to fail the exchange. */
  protected abstract void onFrame(Frame frame);

  /** A short description of the request, for messages. */
  protected abstract String what();

  protected final boolean done() {
    return result.future().isComplete();
  }

  protected final void succeed(T value) {
    result.tryComplete(value);
  }

  protected final void fail(Throwable failure) {
    result.tryFail(failure);
  }

  /** Writes a frame; a write failure fails the exchange. */
  protected final void send(Buffer frame) {
    socket.write(frame).onFailure(e -> {
      lost = true;
      fail(new NodeFailure(ErrorCode.UNAVAILABLE, node.node(),
          "cannot send " + what() + " to " + node + ": " + e.getMessage()));
    });
  }

  /**
   * Whether the connection went away before the node said a word, and not for silence: what a
   * kept connection that the node had already closed does, so the request may go again on a new one.
   */
  @Override
  public final boolean lostUnheard() {
    return lost && !heard;
  }

  /**
   * Records that the whole answer has arrived: the connection closing from now on is no failure,
   * though the exchange may still be finishing local work.
   */
  protected final void answered() {
    answered = true;
  }

  /** Records that the peer made progress (sent bytes or drained our writes), for the timeout message. */
  protected final void progressed() {
    lastProgressNanos = System.nanoTime();
  }

  /** The failure an ERROR frame describes, with the node named and its code kept. */
  protected final DfsException refused(Frame frame) {
    DfsException e = FrameCodec.toException(frame);
    String message = node + " refused " + what() + ": " + e.getMessage();
    // The node says which node failed (itself, or one further down its pipeline); keep that.
    return e instanceof NodeFailure nf ? new NodeFailure(e.code(), nf.node(), message) : new DfsException(e.code(), message);
  }

  protected final DfsException unexpected(Frame frame) {
    return new DfsException(ErrorCode.INTERNAL, node + " sent an unexpected " + BlockProtocol.typeName(frame.type())
        + " frame during " + what());
  }

  private void receive(Frame frame) {
    heard = true;
    progressed();
    if (done()) {
      return;
    }
    try {
      onFrame(frame);
    } catch (RuntimeException e) {
      fail(e);
    }
  }

  private DfsException closedEarly() {
    long idleMs = (System.nanoTime() - lastProgressNanos) / 1_000_000;
    // The client's idle timeout closes the connection itself; tell that apart from the node hanging up.
    if (idleMs >= ioTimeoutMs * 9 / 10) {
      return new NodeFailure(ErrorCode.UNAVAILABLE, node.node(), node + " did not answer " + what() + " within "
          + ioTimeoutMs + " ms");
    }
    lost = true;
    return new NodeFailure(ErrorCode.UNAVAILABLE, node.node(), "connection to " + node + " closed during " + what());
  }
}
