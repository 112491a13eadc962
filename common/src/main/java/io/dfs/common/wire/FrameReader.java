package io.dfs.common.wire;

import static io.dfs.common.wire.BlockProtocol.PREFIX_BYTES;

import io.dfs.common.error.DfsException;
import io.dfs.common.error.ErrorCode;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.util.ArrayDeque;

/**
 * Adapts a byte stream (a {@code NetSocket}) into a stream of {@link Frame}s. Every length prefix
 * is checked against the bound for its frame type before any payload is buffered, so the most a
 * connection can make us hold is one DATA frame (plus the few socket reads that arrived after a
 * pause). Demand (pause, resume, fetch) goes straight to the underlying socket, which gives
 * end-to-end backpressure.
 *
 * <p>Each byte is copied at most once: a frame that lies whole inside one socket read is a slice of
 * it, any other is gathered into a buffer of exactly its size. Either way the frame keeps its
 * encoded bytes ({@link Frame#wire()}), so a node forwarding it down a pipeline copies nothing.
 *
 * <p>A framing violation (unknown type, length over its bound) is reported once to the exception
 * handler as a {@link DfsException}; after that the reader delivers nothing more. Demand counts
 * frames: {@code fetch(n)} delivers n more frames, whatever their size.
 */
public final class FrameReader implements ReadStream<Frame> {
  private final ReadStream<Buffer> source;
  private final ArrayDeque<Buffer> unread = new ArrayDeque<>();
  /** A prefix split across reads, gathered here. */
  private final byte[] prefix = new byte[PREFIX_BYTES];
  private int prefixFill;
  private Handler<Frame> frameHandler;
  private Handler<Throwable> exceptionHandler;
  private Handler<Void> endHandler;
  /** Position in the head of {@link #unread}; past a frame's last byte while that frame is delivered. */
  private int position;
  /** The frame being gathered across reads (prefix included), or null. */
  private Buffer gathering;
  private byte gatheringType;
  private int gatheringSize;
  private long demand = Long.MAX_VALUE;
  private boolean sourcePaused;
  private boolean draining;
  private boolean broken;
  private boolean sourceEnded;
  private boolean endDelivered;

  private FrameReader(ReadStream<Buffer> source) {
    this.source = source;
    source.exceptionHandler(this::fail);
  }

  public static FrameReader over(ReadStream<Buffer> source) {
    return new FrameReader(source);
  }

  private void onBuffer(Buffer chunk) {
    if (broken || chunk.length() == 0) {
      return;
    }
    unread.addLast(chunk);
    drain();
  }

  /** Emits every frame the bytes at hand and the demand allow; then pauses or resumes the source. */
  private void drain() {
    if (draining) {
      // A handler asked for more while a frame was being delivered; the running loop sees it.
      return;
    }
    draining = true;
    try {
      while (!broken && demand > 0 && !unread.isEmpty()) {
        Buffer chunk = unread.peekFirst();
        position = step(chunk, position);
        if (broken) {
          break;
        }
        if (position == chunk.length()) {
          unread.removeFirst();
          position = 0;
        }
      }
    } finally {
      draining = false;
    }
    if (broken) {
      return;
    }
    if (demand > 0 && unread.isEmpty()) {
      if (sourceEnded) {
        deliverEnd();
      } else if (sourcePaused) {
        sourcePaused = false;
        source.resume();
      }
    } else if (!sourcePaused && !sourceEnded) {
      sourcePaused = true;
      source.pause();
    }
  }

  /** Consumes bytes of {@code chunk} from {@code at}, emitting at most one frame; returns the new position. */
  private int step(Buffer chunk, int at) {
    if (gathering != null) {
      int n = Math.min(gatheringSize - gathering.length(), chunk.length() - at);
      gathering.appendBuffer(chunk, at, n);
      if (gathering.length() == gatheringSize) {
        Buffer wire = gathering;
        gathering = null;
        position = at + n;
        emit(new Frame(gatheringType, wire.slice(PREFIX_BYTES, wire.length()), wire));
      }
      return at + n;
    }
    int available = chunk.length() - at;
    if (prefixFill == 0 && available >= PREFIX_BYTES) {
      long length = chunk.getUnsignedInt(at);
      byte type = chunk.getByte(at + 4);
      if (!withinBounds(type, length)) {
        return chunk.length();
      }
      int size = PREFIX_BYTES + (int) length;
      if (available >= size) {
        Buffer wire = chunk.slice(at, at + size);
        position = at + size;
        emit(new Frame(type, wire.slice(PREFIX_BYTES, size), wire));
        return at + size;
      }
      startGathering(type, size, chunk.slice(at, at + PREFIX_BYTES));
      return at + PREFIX_BYTES;
    }
    int n = Math.min(PREFIX_BYTES - prefixFill, available);
    chunk.getBytes(at, at + n, prefix, prefixFill);
    prefixFill += n;
    if (prefixFill < PREFIX_BYTES) {
      return at + n;
    }
    prefixFill = 0;
    Buffer prefixBytes = Buffer.buffer(PREFIX_BYTES).appendBytes(prefix);
    long length = prefixBytes.getUnsignedInt(0);
    byte type = prefixBytes.getByte(4);
    if (!withinBounds(type, length)) {
      return chunk.length();
    }
    int size = PREFIX_BYTES + (int) length;
    if (size == PREFIX_BYTES) {
      position = at + n;
      emit(new Frame(type, Buffer.buffer(), prefixBytes));
    } else {
      startGathering(type, size, prefixBytes);
    }
    return at + n;
  }

  private void startGathering(byte type, int size, Buffer prefixBytes) {
    gatheringType = type;
    gatheringSize = size;
    gathering = Buffer.buffer(size).appendBuffer(prefixBytes);
  }

  private boolean withinBounds(byte type, long length) {
    int max = BlockProtocol.maxPayload(type);
    if (max < 0) {
      fail(DfsException.badRequest("unknown frame type " + (type & 0xff)));
      return false;
    }
    if (length > max) {
      fail(new DfsException(ErrorCode.TOO_LARGE,
          BlockProtocol.typeName(type) + " frame of " + length + " bytes is over its limit of " + max));
      return false;
    }
    return true;
  }

  private void emit(Frame frame) {
    if (demand != Long.MAX_VALUE) {
      demand--;
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
    unread.clear();
    gathering = null;
    source.pause();
    Handler<Throwable> h = exceptionHandler;
    if (h != null) {
      h.handle(t);
    }
  }

  private void onSourceEnd() {
    sourceEnded = true;
    if (!draining && unread.isEmpty()) {
      deliverEnd();
    }
  }

  private void deliverEnd() {
    if (endDelivered || broken) {
      return;
    }
    endDelivered = true;
    Handler<Void> h = endHandler;
    if (h != null) {
      h.handle(null);
    }
  }

  /**
   * Whether the stream is whole and open and every byte read so far was delivered as a frame (the
   * frame being delivered counts): the connection lies exactly between two frames, so another reader
   * can take it over.
   */
  public boolean atRest() {
    boolean noneUnread = unread.isEmpty() || unread.size() == 1 && position == unread.peekFirst().length();
    return !broken && !sourceEnded && noneUnread && gathering == null && prefixFill == 0;
  }

  @Override
  public FrameReader exceptionHandler(Handler<Throwable> handler) {
    this.exceptionHandler = handler;
    return this;
  }

  @Override
  public FrameReader handler(Handler<Frame> handler) {
    this.frameHandler = handler;
    source.handler(handler == null ? null : this::onBuffer);
    return this;
  }

  @Override
  public FrameReader pause() {
    demand = 0;
    if (!sourcePaused && !sourceEnded) {
      sourcePaused = true;
      source.pause();
    }
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
      drain();
    }
    return this;
  }

  @Override
  public FrameReader endHandler(Handler<Void> endHandler) {
    this.endHandler = endHandler;
    source.endHandler(endHandler == null ? null : v -> onSourceEnd());
    return this;
  }
}
