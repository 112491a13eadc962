package io.dfs.cli.client;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Writes one block's bytes into a shared open file at the block's offset with positional writes, so
 * blocks of one file can arrive in any order and in parallel. Tracks its own writes in flight to
 * give backpressure: {@link #writeQueueFull()} above {@code maxQueueBytes}, drain at half of it.
 *
 * <p>{@link #end()} completes when every write has landed and does not close the shared file.
 * {@link #settled()} completes (never fails) when no write is in flight, so a retry of the block can
 * overwrite the range without an older write landing after it. Runs on one event loop.
 */
final class PositionalFileSink implements io.vertx.core.streams.WriteStream<Buffer> {
  private final AsyncFile file;
  private final Path path;
  private final LongConsumer onStored;
  private long position;
  private int maxQueueBytes = 512 * 1024;
  private long inFlightBytes;
  private long stored;
  private Throwable failure;
  private Handler<Void> drainHandler;
  private Handler<Throwable> exceptionHandler;
  private final List<Promise<Void>> waitingForIdle = new ArrayList<>();

  /**
   * @param position where the block starts in the file
   * @param onStored told the total bytes this sink has stored so far, after each write lands
   */
  PositionalFileSink(AsyncFile file, Path path, long position, LongConsumer onStored) {
    this.file = file;
    this.path = path;
    this.position = position;
    this.onStored = onStored;
  }

  @Override
  public Future<Void> write(Buffer data) {
    if (failure != null) {
      return Future.failedFuture(failure);
    }
    int n = data.length();
    long at = position;
    position += n;
    inFlightBytes += n;
    return file.write(data, at)
        .recover(e -> Future.failedFuture(LocalFileException.cannotWrite(path, e)))
        .andThen(ar -> landed(n, ar.cause()));
  }

  private void landed(int n, Throwable cause) {
    inFlightBytes -= n;
    if (cause != null) {
      if (failure == null) {
        failure = cause;
        if (exceptionHandler != null) {
          exceptionHandler.handle(cause);
        }
      }
    } else {
      stored += n;
      onStored.accept(stored);
    }
    Handler<Void> drain = drainHandler;
    if (drain != null && inFlightBytes <= maxQueueBytes / 2) {
      drainHandler = null;
      drain.handle(null);
    }
    if (inFlightBytes == 0 && !waitingForIdle.isEmpty()) {
      List<Promise<Void>> waiting = new ArrayList<>(waitingForIdle);
      waitingForIdle.clear();
      waiting.forEach(Promise::complete);
    }
  }

  /** Completes when no write is in flight, whether they succeeded or not. */
  Future<Void> settled() {
    if (inFlightBytes == 0) {
      return Future.succeededFuture();
    }
    Promise<Void> p = Promise.promise();
    waitingForIdle.add(p);
    return p.future();
  }

  @Override
  public Future<Void> end() {
    return settled().compose(v -> failure == null ? Future.succeededFuture() : Future.failedFuture(failure));
  }

  @Override
  public PositionalFileSink exceptionHandler(Handler<Throwable> handler) {
    this.exceptionHandler = handler;
    return this;
  }

  @Override
  public PositionalFileSink setWriteQueueMaxSize(int maxSize) {
    this.maxQueueBytes = maxSize;
    return this;
  }

  @Override
  public boolean writeQueueFull() {
    return inFlightBytes >= maxQueueBytes;
  }

  @Override
  public PositionalFileSink drainHandler(Handler<Void> handler) {
    this.drainHandler = handler;
    return this;
  }
}
