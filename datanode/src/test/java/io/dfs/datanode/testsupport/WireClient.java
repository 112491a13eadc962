package io.dfs.datanode.testsupport;

import static io.dfs.common.wire.BlockProtocol.*;

import io.dfs.common.wire.Frame;
import io.dfs.common.wire.FrameCodec;
import io.dfs.common.wire.FrameReader;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A raw block protocol connection for tests: send any bytes, read the answers frame by frame. */
public final class WireClient implements AutoCloseable {
  /** What {@link #next()} returns once the server has closed the connection. */
  public static final Object CLOSED = new Object();
  static final long ANSWER_TIMEOUT_SECONDS = 20;

  private final NetClient client;
  private final NetSocket socket;
  private final LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>();

  public WireClient(Vertx vertx, int port) {
    client = vertx.createNetClient();
    // The handlers are set on the event loop as the connection completes: set from this thread
    // after await(), they could miss a node that answers at once (BUSY) and closes.
    socket = client.connect(port, "127.0.0.1").map(s -> {
      FrameReader reader = FrameReader.over(s);
      reader.exceptionHandler(inbox::add);
      reader.handler(inbox::add);
      s.closeHandler(v -> inbox.add(CLOSED));
      return s;
    }).await();
  }

  /** Sends bytes and waits until they are handed to the socket. */
  public WireClient send(Buffer bytes) {
    socket.write(bytes).await();
    return this;
  }

  /** Queues bytes without waiting (the peer may not be reading). */
  public WireClient queue(Buffer bytes) {
    socket.write(bytes);
    return this;
  }

  public WireClient header(byte type, JsonObject header) {
    return send(FrameCodec.json(type, header));
  }

  /** Sends {@code data} in DATA frames of at most 64 KiB, then END. */
  public WireClient body(byte[] data) {
    for (Buffer frame : frames(data)) {
      send(frame);
    }
    return send(FrameCodec.end());
  }

  /** Like {@link #body} but without waiting for the socket to take the bytes. */
  public WireClient queueBody(byte[] data) {
    for (Buffer frame : frames(data)) {
      queue(frame);
    }
    return queue(FrameCodec.end());
  }

  private static java.util.List<Buffer> frames(byte[] data) {
    Buffer all = Buffer.buffer(data);
    java.util.List<Buffer> out = new java.util.ArrayList<>();
    for (int at = 0; at < data.length; at += MAX_DATA_BYTES) {
      out.add(FrameCodec.data(all, at, Math.min(data.length, at + MAX_DATA_BYTES)));
    }
    return out;
  }

  /** The next frame, or {@link #CLOSED}, or a Throwable; fails the test if nothing comes in time. */
  public Object next() {
    try {
      Object o = inbox.poll(ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      if (o == null) {
        throw new AssertionError("no answer within " + ANSWER_TIMEOUT_SECONDS + " s");
      }
      return o;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  public Frame frame() {
    Object o = next();
    if (!(o instanceof Frame f)) {
      throw new AssertionError("expected a frame, got " + (o == CLOSED ? "a closed connection" : o));
    }
    return f;
  }

  /** Reads a GET answer's DATA frames up to END. */
  public Buffer readBody() {
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
    client.close();
  }
}
