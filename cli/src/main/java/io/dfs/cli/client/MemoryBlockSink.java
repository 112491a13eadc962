package io.dfs.cli.client;

import io.dfs.common.error.DfsException;
import io.dfs.common.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;

/**
 * Collects one block in memory, refusing more than {@code capacity} bytes. Used where the bytes may
 * only leave once the whole block has passed its CRC32C (a stream that cannot be rewound, such as
 * standard output). Never full: the capacity is the bound.
 */
final class MemoryBlockSink implements WriteStream<Buffer> {
  private final Buffer bytes;
  private final int capacity;

  MemoryBlockSink(int capacity) {
    this.capacity = capacity;
    this.bytes = Buffer.buffer(capacity);
  }

  Buffer bytes() {
    return bytes;
  }

  @Override
  public Future<Void> write(Buffer data) {
    if (bytes.length() + data.length() > capacity) {
      return Future.failedFuture(new DfsException(ErrorCode.LENGTH_MISMATCH,
          "block is larger than the " + capacity + " bytes declared"));
    }
    bytes.appendBuffer(data);
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> end() {
    return Future.succeededFuture();
  }

  @Override
  public MemoryBlockSink exceptionHandler(Handler<Throwable> handler) {
    return this;
  }

  @Override
  public MemoryBlockSink setWriteQueueMaxSize(int maxSize) {
    return this;
  }

  @Override
  public boolean writeQueueFull() {
    return false;
  }

  @Override
  public MemoryBlockSink drainHandler(Handler<Void> handler) {
    return this;
  }
}
