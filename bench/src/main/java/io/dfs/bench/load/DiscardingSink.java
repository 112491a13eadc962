package io.dfs.bench.load;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;

/** Takes a block's bytes and keeps none: the block client checks them as they pass. Never full. */
final class DiscardingSink implements WriteStream<Buffer> {
  @Override
  public Future<Void> write(Buffer data) {
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> end() {
    return Future.succeededFuture();
  }

  @Override
  public DiscardingSink exceptionHandler(Handler<Throwable> handler) {
    return this;
  }

  @Override
  public DiscardingSink setWriteQueueMaxSize(int maxSize) {
    return this;
  }

  @Override
  public boolean writeQueueFull() {
    return false;
  }

  @Override
  public DiscardingSink drainHandler(Handler<Void> handler) {
    return this;
  }
}
