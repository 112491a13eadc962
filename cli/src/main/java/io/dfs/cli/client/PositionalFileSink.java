package io.dfs.cli.client;

import io.dfs.common.file.QueuedFileWrites;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.function.LongConsumer;

/**
 * Writes one block's bytes into a shared open file at the block's offset with positional writes, so
 * blocks of one file can arrive in any order and in parallel; the writes are batched on worker
 * threads ({@link QueuedFileWrites}). Backpressure: {@link #writeQueueFull()} above
 * {@link #MAX_QUEUED_BYTES}, drain at half of it.
 *
 * <p>{@link #end()} completes when every write has landed and does not close the shared file.
 * {@link #settled()} completes (never fails) when no write is in flight, so a retry of the block can
 * overwrite the range without an older write landing after it. Runs on one event loop.
 */
final class PositionalFileSink implements io.vertx.core.streams.WriteStream<Buffer> {
  static final int MAX_QUEUED_BYTES = 1024 * 1024;

  private final QueuedFileWrites writes;
  private final Path path;
  private final LongConsumer onStored;
  private long position;
  private long stored;
  private Handler<Throwable> exceptionHandler;
  private boolean failed;

  /**
   * @param position where the block starts in the file
   * @param onStored told the total bytes this sink has stored so far, after each write lands
   */
  PositionalFileSink(Vertx vertx, FileChannel file, Path path, long position, LongConsumer onStored) {
    this.writes = new QueuedFileWrites(task -> vertx.executeBlocking(task, false), file, MAX_QUEUED_BYTES);
    this.path = path;
    this.position = position;
    this.onStored = onStored;
  }

  @Override
  public Future<Void> write(Buffer data) {
    int n = data.length();
    long at = position;
    position += n;
    return writes.write(data, at)
        .recover(e -> Future.failedFuture(LocalFileException.cannotWrite(path, e)))
        .andThen(ar -> {
          if (ar.succeeded()) {
            stored += n;
            onStored.accept(stored);
          } else if (!failed) {
            failed = true;
            if (exceptionHandler != null) {
              exceptionHandler.handle(ar.cause());
            }
          }
        });
  }

  /** Completes when no write is in flight, whether they succeeded or not. */
  Future<Void> settled() {
    return writes.settled().otherwiseEmpty();
  }

  @Override
  public Future<Void> end() {
    return writes.settled().recover(e -> Future.failedFuture(LocalFileException.cannotWrite(path, e)));
  }

  @Override
  public PositionalFileSink exceptionHandler(Handler<Throwable> handler) {
    this.exceptionHandler = handler;
    return this;
  }

  @Override
  public PositionalFileSink setWriteQueueMaxSize(int maxSize) {
    // The bound is fixed; it only needs to cover a few frames to keep the disk busy.
    return this;
  }

  @Override
  public boolean writeQueueFull() {
    return writes.writeQueueFull();
  }

  @Override
  public PositionalFileSink drainHandler(Handler<Void> handler) {
    writes.drainHandler(handler);
    return this;
  }
}
