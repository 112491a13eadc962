package io.dfs.cli.client;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;

/**
 * A test sink that collects bytes. When {@code slow}, it reports itself full after every write and
 * drains on a timer, which forces the reader through its pause/resume path.
 */
final class CollectingSink implements WriteStream<Buffer> {
  final Buffer bytes = Buffer.buffer();
  private final Vertx vertx;
  private final boolean slow;
  private boolean full;
  int drains;
  boolean ended;
  private Handler<Void> drainHandler;

  CollectingSink(Vertx vertx, boolean slow) {
    this.vertx = vertx;
    this.slow = slow;
  }

  @Override
  public Future<Void> write(Buffer data) {
    bytes.appendBuffer(data);
    if (slow) {
      full = true;
      vertx.setTimer(1, t -> {
        full = false;
        Handler<Void> h = drainHandler;
        if (h != null) {
          drains++;
          drainHandler = null;
          h.handle(null);
        }
      });
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> end() {
    ended = true;
    return Future.succeededFuture();
  }

  @Override
  public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
    return this;
  }

  @Override
  public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
    return this;
  }

  @Override
  public boolean writeQueueFull() {
    return full;
  }

  @Override
  public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
    this.drainHandler = handler;
    return this;
  }
}
