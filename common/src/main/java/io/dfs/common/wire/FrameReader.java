package io.dfs.common.wire;

import static io.dfs.common.wire.BlockProtocol.PREFIX_BYTES;

import io.dfs.common.error.DfsException;
import io.dfs.common.error.ErrorCode;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.parsetools.RecordParser;
import io.vertx.core.streams.ReadStream;

/**
 * Adapts a byte stream (a {@code NetSocket}) into a stream of {@link Frame}s. Every length prefix
 * is checked against the bound for its frame type before any payload is buffered, so the most a
 * connection can make us hold is one DATA frame. Demand (pause, resume, fetch) goes straight to the
 * underlying socket, which gives end-to-end backpressure.
 *
 * <p>A framing violation (unknown type, length over its bound) is reported once to the exception
 * handler as a {@link DfsException}; after that the reader delivers nothing more. Demand counts
 * frames: {@code fetch(n)} delivers n more frames, whatever their size.
 */
public final class FrameReader implements ReadStream<Frame> {
  private final RecordParser parser;
  private Handler<Frame> frameHandler;
  private Handler<Throwable> exceptionHandler;
  private byte pendingType;
  private boolean inPayload;
  private boolean broken;
  private long demand = Long.MAX_VALUE;

  private FrameReader(ReadStream<Buffer> source) {
    this.parser = RecordParser.newFixed(PREFIX_BYTES, source);
    // No maxRecordSize: it counts bytes buffered while paused, not one record. The bound is the
    // per-type length check in onRecord, made before the parser is asked for a payload.
    parser.exceptionHandler(this::fail);
  }

  public static FrameReader over(ReadStream<Buffer> source) {
    return new FrameReader(source);
  }

  private void onRecord(Buffer record) {
    if (broken) {
      return;
    }
    if (!inPayload) {
      long length = record.getUnsignedInt(0);
      byte type = record.getByte(4);
      int max = BlockProtocol.maxPayload(type);
      if (max < 0) {
        fail(DfsException.badRequest("unknown frame type " + (type & 0xff)));
        return;
      }
      if (length > max) {
        fail(new DfsException(ErrorCode.TOO_LARGE,
            BlockProtocol.typeName(type) + " frame of " + length + " bytes is over its limit of " + max));
        return;
      }
      if (length == 0) {
        emit(new Frame(type, Buffer.buffer()));
        return;
      }
      pendingType = type;
      inPayload = true;
      parser.fixedSizeMode((int) length);
    } else {
      inPayload = false;
      parser.fixedSizeMode(PREFIX_BYTES);
      emit(new Frame(pendingType, record));
    }
  }

  private void emit(Frame frame) {
    if (demand != Long.MAX_VALUE && --demand == 0) {
      parser.pause();
    }
    Handler<Frame> h = frameHandler;
    if (h != null) {
      h.handle(frame);
    }
  }

  private void fail(Throwable t) {
    if (broken) {
      return;
    }
    broken = true;
    parser.pause();
    Handler<Throwable> h = exceptionHandler;
    if (h != null) {
      h.handle(t);
    }
  }

  @Override
  public FrameReader exceptionHandler(Handler<Throwable> handler) {
    this.exceptionHandler = handler;
    return this;
  }

  @Override
  public FrameReader handler(Handler<Frame> handler) {
    this.frameHandler = handler;
    parser.handler(handler == null ? null : this::onRecord);
    return this;
  }

  @Override
  public FrameReader pause() {
    demand = 0;
    parser.pause();
    return this;
  }

  @Override
  public FrameReader resume() {
    return fetch(Long.MAX_VALUE);
  }

  @Override
  public FrameReader fetch(long amount) {
    demand = demand + amount < 0 ? Long.MAX_VALUE : demand + amount;
    if (!broken && demand > 0) {
      parser.resume();
    }
    return this;
  }

  @Override
  public FrameReader endHandler(Handler<Void> endHandler) {
    parser.endHandler(endHandler);
    return this;
  }
}
