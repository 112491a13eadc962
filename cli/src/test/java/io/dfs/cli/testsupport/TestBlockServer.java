package io.dfs.cli.testsupport;

import static io.dfs.common.wire.BlockProtocol.*;

import io.dfs.cli.client.NodeAddress;
import io.dfs.common.error.ErrorCode;
import io.dfs.common.wire.Crc32c;
import io.dfs.common.wire.Frame;
import io.dfs.common.wire.FrameCodec;
import io.dfs.common.wire.FrameReader;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A data node stand-in speaking the block protocol from common, on 127.0.0.1 and an ephemeral port.
 * Blocks live in a map the test shares between servers (one "disk" for the whole fake cluster).
 * PUT_BLOCK is checked (frame and block CRC32C, length) and stored but not forwarded; GET_BLOCK
 * answers according to the server's {@link Mode}. Both answers are held back 20 ms, so that
 * transfers in parallel overlap here and the most in flight at once can be counted.
 */
public final class TestBlockServer implements AutoCloseable {
  /** How GET_BLOCK is answered. */
  public enum Mode {
    /** The stored bytes, correctly framed. */
    SERVE,
    /** The stored bytes with one byte flipped, each frame's CRC32C computed over the flipped bytes. */
    CORRUPT_BLOCK,
    /** The stored bytes with one byte flipped after the frame's CRC32C was computed. */
    CORRUPT_FRAME,
    /** An ERROR frame instead of the ACK header. */
    ERROR,
    /** The ACK header and one DATA frame, then the connection closes. */
    HANG_UP,
    /** Reads the request and never answers. */
    SILENT,
    /** Closes a connection that brings a second request, unanswered: a kept connection the node gave up on. */
    CLOSE_KEPT
  }

  private final Vertx vertx;
  private final String nodeId;
  private final Map<String, Buffer> disk;
  private final NetServer server;
  private volatile Mode mode = Mode.SERVE;
  private final AtomicInteger putsInFlight = new AtomicInteger();
  private final AtomicInteger maxPutsInFlight = new AtomicInteger();
  private final AtomicInteger gets = new AtomicInteger();
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger getsInFlight = new AtomicInteger();
  private final AtomicInteger maxGetsInFlight = new AtomicInteger();
  private final List<JsonObject> putHeaders = new CopyOnWriteArrayList<>();

  private TestBlockServer(Vertx vertx, String nodeId, Map<String, Buffer> disk) {
    this.vertx = vertx;
    this.nodeId = nodeId;
    this.disk = disk;
    this.server = vertx.createNetServer(new NetServerOptions().setHost("127.0.0.1").setPort(0));
  }

  public static TestBlockServer start(Vertx vertx, String nodeId, Map<String, Buffer> disk) {
    TestBlockServer s = new TestBlockServer(vertx, nodeId, disk);
    s.server.connectHandler(s::serve).listen().await();
    return s;
  }

  public TestBlockServer mode(Mode mode) {
    this.mode = mode;
    return this;
  }

  public NodeAddress address() {
    return new NodeAddress(nodeId, "127.0.0.1", server.actualPort());
  }

  public int maxPutsInFlight() {
    return maxPutsInFlight.get();
  }

  /** Connections accepted so far. */
  public int connections() {
    return connections.get();
  }

  public int gets() {
    return gets.get();
  }

  /** The most GET_BLOCK requests received and not yet answered at any one time. */
  public int maxGetsInFlight() {
    return maxGetsInFlight.get();
  }

  public List<JsonObject> putHeaders() {
    return putHeaders;
  }

  private void serve(NetSocket socket) {
    connections.incrementAndGet();
    FrameReader frames = FrameReader.over(socket);
    Connection c = new Connection(socket);
    frames.handler(c::onFrame);
    frames.exceptionHandler(e -> socket.close());
  }

  /** One connection's state: idle, or receiving a PUT_BLOCK's data. */
  private final class Connection {
    private final NetSocket socket;
    private JsonObject put;
    private Buffer received;
    private int requests;

    Connection(NetSocket socket) {
      this.socket = socket;
    }

    void onFrame(Frame frame) {
      if (put != null) {
        onPutFrame(frame);
      } else if (requests++ > 0 && mode == Mode.CLOSE_KEPT) {
        socket.close();
      } else if (frame.is(TYPE_PUT_BLOCK)) {
        put = FrameCodec.header(frame);
        putHeaders.add(put);
        received = Buffer.buffer();
        int now = putsInFlight.incrementAndGet();
        maxPutsInFlight.accumulateAndGet(now, Math::max);
      } else if (frame.is(TYPE_GET_BLOCK)) {
        onGet(FrameCodec.header(frame));
      } else {
        socket.write(FrameCodec.error(ErrorCode.BAD_REQUEST, "unexpected frame")).onComplete(v -> socket.close());
      }
    }

    private void onPutFrame(Frame frame) {
      if (frame.is(TYPE_DATA)) {
        received.appendBuffer(FrameCodec.dataBytes(frame));
        return;
      }
      JsonObject header = put;
      Buffer bytes = received;
      put = null;
      received = null;
      // Hold the answer a little, so that uploads in parallel overlap here as they would on a disk.
      vertx.setTimer(20, t -> {
        putsInFlight.decrementAndGet();
        long crc = Crc32c.unsigned(Crc32c.of(bytes));
        if (bytes.length() != header.getLong("length") || crc != header.getLong("crc32c")) {
          socket.write(FrameCodec.error(ErrorCode.CHECKSUM_MISMATCH, "block does not match its header"));
          return;
        }
        disk.put(header.getString("blockId"), bytes);
        JsonArray nodes = new JsonArray().add(nodeId);
        header.getJsonArray("pipeline").forEach(n -> nodes.add(((JsonObject) n).getString("node")));
        socket.write(FrameCodec.json(TYPE_ACK, new JsonObject().put("blockId", header.getString("blockId"))
            .put("length", bytes.length()).put("crc32c", crc).put("nodes", nodes)));
      });
    }

    private void onGet(JsonObject header) {
      gets.incrementAndGet();
      int now = getsInFlight.incrementAndGet();
      maxGetsInFlight.accumulateAndGet(now, Math::max);
      Mode m = mode;
      if (m == Mode.SILENT) {
        return;
      }
      // Hold the answer a little, so that reads in parallel overlap here as they would on a disk.
      vertx.setTimer(20, t -> {
        getsInFlight.decrementAndGet();
        answerGet(header, m);
      });
    }

    private void answerGet(JsonObject header, Mode m) {
      if (m == Mode.ERROR) {
        socket.write(FrameCodec.error(ErrorCode.CORRUPT, "stored bytes failed their checksum"));
        return;
      }
      String blockId = header.getString("blockId");
      Buffer stored = disk.get(blockId);
      if (stored == null) {
        socket.write(FrameCodec.error(ErrorCode.NOT_FOUND, "no block " + blockId));
        return;
      }
      int offset = header.getLong("offset").intValue();
      int length = header.getLong("length").intValue();
      Buffer bytes = stored.getBuffer(offset, offset + length);
      socket.write(FrameCodec.json(TYPE_ACK, new JsonObject().put("blockId", blockId).put("offset", offset)
          .put("length", length).put("crc32c", Crc32c.unsigned(Crc32c.of(stored)))));
      for (int from = 0; from < length; from += MAX_DATA_BYTES) {
        int to = Math.min(length, from + MAX_DATA_BYTES);
        Buffer frame;
        if (m == Mode.CORRUPT_BLOCK && from == 0) {
          Buffer flipped = bytes.getBuffer(from, to);
          flipped.setByte(0, (byte) (flipped.getByte(0) ^ 0x40));
          frame = FrameCodec.data(flipped);
        } else {
          frame = FrameCodec.data(bytes, from, to);
          if (m == Mode.CORRUPT_FRAME && from == 0) {
            frame.setByte(PREFIX_BYTES, (byte) (frame.getByte(PREFIX_BYTES) ^ 0x40));
          }
        }
        socket.write(frame);
        if (m == Mode.HANG_UP) {
          socket.close();
          return;
        }
      }
      socket.write(FrameCodec.end());
    }
  }

  @Override
  public void close() {
    server.close().await();
  }
}
