package io.dfs.common.wire;

import static io.dfs.common.wire.BlockProtocol.*;

import io.dfs.common.error.DfsException;
import io.dfs.common.error.ErrorCode;
import io.dfs.common.error.NodeFailure;
import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;

/** Pure encoding and decoding of frames; no I/O. */
public final class FrameCodec {
  private static final Buffer END = Buffer.buffer(new byte[] {0, 0, 0, 0, TYPE_END});

  private FrameCodec() {}

  /** A JSON header frame of the given type. */
  public static Buffer json(byte type, JsonObject header) {
    Buffer body = header.toBuffer();
    if (body.length() > MAX_HEADER_BYTES) {
      throw new DfsException(ErrorCode.TOO_LARGE, "header is larger than " + MAX_HEADER_BYTES + " bytes");
    }
    return Buffer.buffer(PREFIX_BYTES + body.length()).appendInt(body.length()).appendByte(type).appendBuffer(body);
  }

  public static Buffer error(DfsException e) {
    JsonObject body = new JsonObject().put("code", e.code().wireName()).put("message", e.getMessage());
    if (e instanceof NodeFailure failure) {
      body.put("node", failure.node());
    }
    return json(TYPE_ERROR, body);
  }

  public static Buffer error(ErrorCode code, String message) {
    return error(new DfsException(code, message));
  }

  public static Buffer end() {
    return END.copy();
  }

  /** A DATA frame carrying {@code bytes[from, to)} and their CRC32C. */
  public static Buffer data(Buffer bytes, int from, int to) {
    int n = to - from;
    if (n <= 0 || n > MAX_DATA_BYTES) {
      throw new IllegalArgumentException("DATA frame must carry 1.." + MAX_DATA_BYTES + " bytes, not " + n);
    }
    return Buffer.buffer(PREFIX_BYTES + n + 4)
        .appendInt(n + 4)
        .appendByte(TYPE_DATA)
        .appendBuffer(bytes, from, n)
        .appendInt(Crc32c.of(bytes, from, to));
  }

  public static Buffer data(Buffer bytes) {
    return data(bytes, 0, bytes.length());
  }

  /** The bytes a DATA frame adds around its data: length, type, CRC32C. */
  public static final int DATA_OVERHEAD = PREFIX_BYTES + 4;

  /**
   * Appends a DATA frame carrying {@code bytes} (consumed) whose CRC32C the caller already has, to a
   * buffer that gathers several frames for one write.
   */
  public static void appendData(ByteBuf out, ByteBuffer bytes, int crc32c) {
    int n = bytes.remaining();
    if (n <= 0 || n > MAX_DATA_BYTES) {
      throw new IllegalArgumentException("DATA frame must carry 1.." + MAX_DATA_BYTES + " bytes, not " + n);
    }
    out.writeInt(n + 4).writeByte(TYPE_DATA).writeBytes(bytes).writeInt(crc32c);
  }

  /** A decoded frame's bytes, unchanged, e.g. to forward it down a replication pipe; no copy when read off the wire. */
  public static Buffer encode(Frame frame) {
    if (frame.wire() != null) {
      return frame.wire();
    }
    return Buffer.buffer(PREFIX_BYTES + frame.payload().length())
        .appendInt(frame.payload().length())
        .appendByte(frame.type())
        .appendBuffer(frame.payload());
  }

  /** The JSON of a header frame, or BAD_REQUEST if it is not a JSON object. */
  public static JsonObject header(Frame frame) {
    try {
      return new JsonObject(frame.payload());
    } catch (DecodeException | ClassCastException e) {
      throw DfsException.badRequest(BlockProtocol.typeName(frame.type()) + " header is not a JSON object");
    }
  }

  /**
   * The block bytes of a DATA frame (a slice, not a copy) after checking their CRC32C; fails with
   * CHECKSUM_MISMATCH if the bytes were damaged in transit.
   */
  public static Buffer dataBytes(Frame frame) {
    Buffer p = frame.payload();
    if (p.length() < 5) {
      throw DfsException.badRequest("DATA frame must carry at least one byte and its CRC32C");
    }
    int n = p.length() - 4;
    int expected = p.getInt(n);
    if (Crc32c.of(p, 0, n) != expected) {
      throw new DfsException(ErrorCode.CHECKSUM_MISMATCH, "DATA frame failed its CRC32C");
    }
    return p.slice(0, n);
  }

  /** Turns an ERROR frame into the exception it describes. */
  public static DfsException toException(Frame frame) {
    JsonObject body;
    try {
      body = new JsonObject(frame.payload());
    } catch (RuntimeException e) {
      return new DfsException(ErrorCode.INTERNAL, "peer sent an unreadable ERROR frame");
    }
    ErrorCode code = ErrorCode.fromWireName(body.getString("code", "internal"));
    String message = body.getString("message", "peer error");
    if (body.getValue("node") instanceof String node && !node.isEmpty()) {
      return new NodeFailure(code, node, message);
    }
    return new DfsException(code, message);
  }
}
