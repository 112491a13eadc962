package io.dfs.datanode.wire;

import static io.dfs.common.wire.BlockProtocol.*;

import io.dfs.common.error.DfsException;
import io.dfs.common.error.ErrorCode;
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
 * One client or peer connection: reads a request header, hands the request to its handler, and
 * reads the next request only when that one has been answered. A framing violation closes the
 * connection after an ERROR frame; any other failure is answered and the connection keeps serving.
 */
final class BlockConnection {
  private static final Logger LOG = LoggerFactory.getLogger(BlockConnection.class);

  /** A request in progress; it receives the frames that follow its header. */
  interface Request {
    void onFrame(Frame frame);

    /** The connection is gone; release what the request holds. */
    default void onClosed() {}
  }

  private final NetSocket socket;
  private final FrameReader reader;
  private final BlockService service;
  private Request current;
  private boolean closed;

  BlockConnection(NetSocket socket, BlockService service) {
    this.socket = socket;
    this.service = service;
    this.reader = FrameReader.over(socket);
  }

  void start() {
    reader.exceptionHandler(this::onBrokenStream);
    reader.endHandler(v -> socket.close());
    socket.closeHandler(v -> {
      closed = true;
      if (current != null) {
        current.onClosed();
        current = null;
      }
    });
    reader.handler(this::onFrame);
  }

  private void onFrame(Frame frame) {
    if (current != null) {
      current.onFrame(frame);
      return;
    }
    switch (frame.type()) {
      case TYPE_PUT_BLOCK -> begin(new BlockWriteHandler(this, service), frame);
      case TYPE_GET_BLOCK -> begin(new BlockReadHandler(this, service), frame);
      case TYPE_DELETE_BLOCKS -> begin(new BlockDeleteHandler(this, service), frame);
      case TYPE_REPLICATE -> fail(DfsException.badRequest("REPLICATE is not supported by this node"));
      default -> onBrokenStream(DfsException.badRequest(
          BlockProtocol.typeName(frame.type()) + " frame outside a request"));
    }
  }

  /** Starts a request; the reader stays paused until the handler asks for its frames. */
  private void begin(Handler handler, Frame headerFrame) {
    pause();
    current = handler;
    JsonObject header;
    try {
      header = FrameCodec.header(headerFrame);
    } catch (DfsException e) {
      handler.rejectHeader(e);
      return;
    }
    handler.start(header);
  }

  /** A handler that starts from a header; {@link #rejectHeader} answers one that did not parse. */
  interface Handler extends Request {
    void start(JsonObject header);

    void rejectHeader(DfsException e);
  }

  void pause() {
    reader.pause();
  }

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
    finished();
  }

  /** Answers the current request with ERROR and reads the next request. */
  void fail(Throwable failure) {
    sendError(failure);
    finished();
  }

  void sendError(Throwable failure) {
    DfsException e = DfsException.of(failure);
    if (e.code() == ErrorCode.INTERNAL && e.getCause() != null) {
      LOG.error("event=block_request_failed remote={}", socket.remoteAddress(), e.getCause());
    } else {
      LOG.debug("event=block_request_refused remote={} code={} message=\"{}\"", socket.remoteAddress(),
          e.code().wireName(), e.getMessage());
    }
    send(FrameCodec.error(e));
  }

  void finished() {
    current = null;
    resume();
  }

  /** The byte stream can no longer be trusted: say why, then close. */
  void onBrokenStream(Throwable failure) {
    if (closed) {
      return;
    }
    DfsException e = failure instanceof DfsException d ? d
        : new DfsException(ErrorCode.BAD_REQUEST, "connection error: " + failure.getMessage());
    LOG.debug("event=block_stream_broken remote={} message=\"{}\"", socket.remoteAddress(), e.getMessage());
    send(FrameCodec.error(e));
    socket.end().onComplete(v -> socket.close());
    closed = true;
    if (current != null) {
      current.onClosed();
      current = null;
    }
  }
}
