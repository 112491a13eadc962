package io.dfs.datanode.wire;

import static io.dfs.common.wire.BlockProtocol.*;

import io.dfs.common.wire.Frame;
import io.dfs.common.wire.FrameCodec;
import io.dfs.common.wire.FrameReader;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A raw block protocol connection for tests: send any bytes, read frames one by one. */
final class WireClient implements AutoCloseable {
  private final NetSocket socket;
  private final LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
  static final Object CLOSED = new Object();

  WireClient(Vertx vertx, int port) {
    socket = vertx.createNetClient().connect(port, "127.0.0.1").await();
    FrameReader reader = FrameReader.over(socket);
    reader.exceptionHandler(inbox::add);
    reader.handler(inbox::add);
    socket.closeHandler(v -> inbox.add(CLOSED));
  }

  WireClient send(Buffer bytes) {
    socket.write(bytes).await();
    return this;
  }

  WireClient header(byte type, JsonObject header) {
    return send(FrameCodec.json(type, header));
  }

  /** Sends {@code data} in DATA frames of at most 64 KiB, then END. */
  WireClient body(byte[] data) {
    Buffer all = Buffer.buffer(data);
    for (int at = 0; at < data.length; at += MAX_DATA_BYTES) {
      send(FrameCodec.data(all, at, Math.min(data.length, at + MAX_DATA_BYTES)));
    }
    return send(FrameCodec.end());
  }

  /** The next frame, or {@link #CLOSED}, or a Throwable; fails the test after 10 s. */
  Object next() {
    try {
      Object o = inbox.poll(10, TimeUnit.SECONDS);
      if (o == null) {
        throw new AssertionError("no answer within 10 s");
      }
      return o;
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  Frame frame() {
    Object o = next();
    if (!(o instanceof Frame f)) {
      throw new AssertionError("expected a frame, got " + o);
    }
    return f;
  }

  /** Reads a GET answer's DATA frames up to END. */
  Buffer readBody() {
    Buffer out = Buffer.buffer();
    while (true) {
      Frame f = frame();
      if (f.is(TYPE_END)) {
        return out;
      }
      if (!f.is(TYPE_DATA)) {
        throw new AssertionError("expected DATA or END, got " + f + " " + f.payload());
      }
      out.appendBuffer(FrameCodec.dataBytes(f));
    }
  }

  @Override
  public void close() {
    socket.close();
  }
}
