package io.dfs.datanode.wire;

import static io.dfs.common.wire.BlockProtocol.*;

import io.dfs.common.error.DfsException;
import io.dfs.common.error.ErrorCode;
import io.dfs.common.error.FailureLog;
import io.dfs.common.log.LogText;
import io.dfs.common.wire.BlockProtocol;
import io.dfs.common.wire.Frame;
import io.dfs.common.wire.FrameCodec;
import io.dfs.common.wire.FrameReader;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client or peer connection. It reads a request header, hands the request to its handler
 * with the reader paused, and reads the next request only once the handler has answered and
 * called {@link #succeed}, {@link #fail} or {@link #finished}. In between, the handler controls the
 * reader with {@link #pause()}/{@link #resume()} and receives the frames that follow its header.
 *
 * <p>A framing violation (a frame over its bound, an unknown type, a frame where no request can
 * start) is answered with an ERROR frame and the connection is closed, since the byte stream can
 * no longer be trusted. Any other failure is answered with an ERROR frame and the connection keeps
 * serving.
 *
 * <p>A connection must complete each request header within the config's {@code headerTimeout} of
 * opening or of its previous answer; the idle timeout alone would let a client that trickles a
 * header byte at a time (slowloris) hold the connection for ever.
 */
final class BlockConnection {
  private static final Logger LOG = LoggerFactory.getLogger(BlockConnection.class);

  /** A request in progress. */
  interface Handler {
    /** The request's header; the reader is paused until the handler resumes it. */
    void start(JsonObject header);

    /** The header was not a JSON object. */
    void rejectHeader(DfsException e);

    /** A frame that followed the header (only while the handler keeps the reader running). */
    void onFrame(Frame frame);

    /** The connection is gone; release what the request holds. */
    default void onClosed() {}
  }

  private final NetSocket socket;
  private final FrameReader reader;
  private final BlockService service;
  private Handler current;
  private byte currentType;
  private long startedNanos;
  /** Whether the current request's outcome has been recorded (an ERROR may precede its last frames). */
  private boolean measured;
  private long headerTimer = -1;
  private boolean closed;

  BlockConnection(NetSocket socket, BlockService service) {
    this.socket = socket;
    this.service = service;
    this.reader = FrameReader.over(socket);
  }

  void start() {
    service.counters.connectionsAccepted.increment();
    if (!service.connections.tryAcquire()) {
      closed = true;
      service.counters.requestsRefused.increment();
      socket.write(FrameCodec.error(new DfsException(ErrorCode.BUSY, "node " + service.nodeId + " has "
          + BlockService.MAX_CONNECTIONS + " block connections open; try again shortly")));
      socket.end();
      return;
    }
    reader.exceptionHandler(this::onBrokenStream);
    reader.endHandler(v -> socket.close());
    socket.exceptionHandler(e -> LOG.debug("event=socket_error remote={} reason=\"{}\"", socket.remoteAddress(),
        e.getMessage()));
    socket.closeHandler(v -> onClosed());
    reader.handler(this::onFrame);
    awaitHeader();
  }

  private void awaitHeader() {
    headerTimer = service.vertx.setTimer(service.config.headerTimeout().toMillis(), id -> {
      if (current == null) {
        onBrokenStream(DfsException.badRequest("no complete request header within "
            + service.config.headerTimeout().toSeconds() + "s"));
      }
    });
  }

  private void onFrame(Frame frame) {
    if (closed) {
      return;
    }
    if (current != null) {
      current.onFrame(frame);
      return;
    }
    switch (frame.type()) {
      case TYPE_PUT_BLOCK -> begin(new BlockWriteHandler(this, service), frame);
      case TYPE_GET_BLOCK -> begin(new BlockReadHandler(this, service), frame);
      case TYPE_DELETE_BLOCKS -> begin(new BlockDeleteHandler(this, service), frame);
      case TYPE_REPLICATE -> begin(new BlockCopyHandler(this, service), frame);
      default -> onBrokenStream(DfsException.badRequest(
          BlockProtocol.typeName(frame.type()) + " frame where a request should start"));
    }
  }

  private void begin(Handler handler, Frame headerFrame) {
    service.vertx.cancelTimer(headerTimer);
    reader.pause();
    current = handler;
    currentType = headerFrame.type();
    startedNanos = System.nanoTime();
    measured = false;
    JsonObject header;
    try {
      header = FrameCodec.header(headerFrame);
    } catch (DfsException e) {
      handler.rejectHeader(e);
      return;
    }
    handler.start(header);
  }

  /** Stops delivering frames (backpressure, or while the handler works). */
  void pause() {
    reader.pause();
  }

  /** Delivers frames again. */
  void resume() {
    if (!closed) {
      reader.resume();
    }
  }

  NetSocket socket() {
    return socket;
  }

  boolean closed() {
    return closed;
  }

  void send(Buffer frame) {
    if (!closed) {
      socket.write(frame);
    }
  }

  /** Answers the current request with ACK and reads the next request. */
  void succeed(JsonObject ack) {
    send(FrameCodec.json(TYPE_ACK, ack));
    logOutcome("ok");
    measure(BlockRequestMeters.Outcome.OK);
    finished();
  }

  /** Answers the current request with ERROR and reads the next request. */
  void fail(Throwable failure) {
    sendError(failure);
    finished();
  }

  /**
   * Answers the current request with ERROR without reading the next one yet (the handler still
   * has frames of this request to consume and calls {@link #finished} after them).
   */
  void sendError(Throwable failure) {
    DfsException e = DfsException.of(failure);
    service.counters.requestsRefused.increment();
    FailureLog.answered(LOG, "block_refused",
        "type=" + BlockProtocol.typeName(currentType) + " remote=" + socket.remoteAddress(), e);
    logOutcome(e.code().wireName() + " message=\"" + LogText.oneLine(e.getMessage()) + "\"");
    measure(BlockRequestMeters.Outcome.ERROR);
    send(FrameCodec.error(e));
  }

  private void measure(BlockRequestMeters.Outcome outcome) {
    if (current != null && !measured) {
      measured = true;
      service.requests.record(currentType, outcome, System.nanoTime() - startedNanos);
    }
  }

  private void logOutcome(String outcome) {
    if (LOG.isDebugEnabled()) {
      LOG.debug("event=block_request type={} remote={} outcome={} ms={}", BlockProtocol.typeName(currentType),
          socket.remoteAddress(), outcome, (System.nanoTime() - startedNanos) / 1_000_000);
    }
  }

  /** The current request was answered in full by the handler itself (GET's DATA and END). */
  void answered() {
    logOutcome("ok");
    measure(BlockRequestMeters.Outcome.OK);
    finished();
  }

  /** The current request is over; reads the next one. */
  void finished() {
    current = null;
    if (!closed) {
      awaitHeader();
    }
    resume();
  }

  /** The byte stream can no longer be trusted: say why, then close. */
  void onBrokenStream(Throwable failure) {
    if (closed) {
      return;
    }
    DfsException e = failure instanceof DfsException d ? d
        : DfsException.badRequest("unreadable stream: " + failure.getMessage());
    service.counters.requestsRefused.increment();
    FailureLog.answered(LOG, "block_stream_broken", "remote=" + socket.remoteAddress(), e);
    reader.pause();
    socket.write(FrameCodec.error(e));
    socket.end();
    onClosed();
  }

  private void onClosed() {
    if (closed) {
      return;
    }
    closed = true;
    service.connections.release();
    service.vertx.cancelTimer(headerTimer);
    measure(BlockRequestMeters.Outcome.ABORTED);
    Handler h = current;
    current = null;
    if (h != null) {
      h.onClosed();
    }
  }
}
