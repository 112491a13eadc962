package io.dfs.common.file;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Positional writes of buffers into an open file, made on a worker pool, as many as have queued up
 * per task: a stream of 64 KiB frames costs one worker hand-off per batch instead of one per frame
 * (what Vert.x's AsyncFile does). One task is in flight at a time, so writes land in the order
 * they were asked for.
 *
 * <p>Backpressure as a WriteStream's: {@link #writeQueueFull()} once {@code maxQueuedBytes} are
 * queued or in flight, the drain handler once that is down to half. The first failure fails every
 * write still queued and every later one. Call everything from one context (an event loop); the
 * futures complete there.
 */
public final class QueuedFileWrites {
  /** Runs a blocking task (a batch of writes) off the event loop, completing on the caller's context. */
  public interface Pool {
    Future<Long> run(Callable<Long> task);
  }

  /**
   * Where batches land; used on the pool only, by one batch at a time. A target may hold some
   * bytes back until its owner completes it (see the datanode's block file writer); a plain file's
   * ({@link #of}) holds none.
   */
  public interface Target {
    /** Takes every byte of {@code src}, for {@code position}. */
    void write(ByteBuffer src, long position) throws IOException;

    /** Called once a batch's writes are done, on the thread that made them. */
    default void batchWritten() throws IOException {}

    /** Positional writes into {@code channel}. */
    static Target of(FileChannel channel) {
      return (src, position) -> {
        long at = position;
        while (src.hasRemaining()) {
          at += channel.write(src, at);
        }
      };
    }
  }

  /** Opens the file; called on the pool, by the first batch, so that opening costs no hand-off of its own. */
  public interface Opener {
    Target open() throws IOException;
  }

  private record Pending(Buffer data, long position, Promise<Void> landed) {}

  private final Pool pool;
  private final Opener opener;
  /** Set by the first batch, on a pool thread; read by later batches, each started after the last ended. */
  private volatile Target target;
  private final int maxQueuedBytes;
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private final List<Promise<Void>> waitingForIdle = new ArrayList<>();
  private long queuedBytes;
  private boolean writing;
  private Throwable failure;
  private Handler<Void> drainHandler;

  public QueuedFileWrites(Pool pool, FileChannel channel, int maxQueuedBytes) {
    this(pool, () -> Target.of(channel), maxQueuedBytes);
  }

  /** Writes into the file {@code opener} opens when the first batch runs; a failure to open fails that batch. */
  public QueuedFileWrites(Pool pool, Opener opener, int maxQueuedBytes) {
    this.pool = pool;
    this.opener = opener;
    this.maxQueuedBytes = maxQueuedBytes;
  }

  /** Queues {@code data} for {@code position}; completes when the target has taken it. */
  public Future<Void> write(Buffer data, long position) {
    if (failure != null) {
      return Future.failedFuture(failure);
    }
    Promise<Void> landed = Promise.promise();
    queue.addLast(new Pending(data, position, landed));
    queuedBytes += data.length();
    if (!writing) {
      writeQueued();
    }
    return landed.future();
  }

  private void writeQueued() {
    List<Pending> batch = new ArrayList<>(queue);
    queue.clear();
    writing = true;
    pool.run(() -> {
      Target target = this.target;
      if (target == null) {
        target = opener.open();
        this.target = target;
      }
      long bytes = 0;
      for (Pending p : batch) {
        target.write(((BufferInternal) p.data()).getByteBuf().nioBuffer(), p.position());
        bytes += p.data().length();
      }
      target.batchWritten();
      return bytes;
    }).onComplete(ar -> {
      writing = false;
      if (ar.failed()) {
        fail(ar.cause(), batch);
        return;
      }
      queuedBytes -= ar.result();
      batch.forEach(p -> p.landed().complete());
      if (!queue.isEmpty()) {
        writeQueued();
      }
      Handler<Void> drain = drainHandler;
      if (drain != null && queuedBytes <= maxQueuedBytes / 2) {
        drainHandler = null;
        drain.handle(null);
      }
      settleIfIdle();
    });
  }

  private void fail(Throwable cause, List<Pending> batch) {
    failure = cause;
    batch.forEach(p -> p.landed().tryFail(cause));
    queue.forEach(p -> p.landed().tryFail(cause));
    queue.clear();
    queuedBytes = 0;
    settleIfIdle();
  }

  private void settleIfIdle() {
    if (!writing && queue.isEmpty() && !waitingForIdle.isEmpty()) {
      List<Promise<Void>> waiting = new ArrayList<>(waitingForIdle);
      waitingForIdle.clear();
      waiting.forEach(p -> {
        if (failure == null) {
          p.complete();
        } else {
          p.fail(failure);
        }
      });
    }
  }

  public boolean writeQueueFull() {
    return queuedBytes >= maxQueuedBytes;
  }

  /** Called once, when the queue is down to half after being full. */
  public void drainHandler(Handler<Void> handler) {
    this.drainHandler = handler;
  }

  /** Completes when nothing is queued or in flight; fails if a write failed. */
  public Future<Void> settled() {
    if (!writing && queue.isEmpty()) {
      return failure == null ? Future.succeededFuture() : Future.failedFuture(failure);
    }
    Promise<Void> p = Promise.promise();
    waitingForIdle.add(p);
    return p.future();
  }
}
