package io.dfs.datanode.wire;

import io.dfs.common.file.QueuedFileWrites;
import io.dfs.datanode.store.BlockFileWriter;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * The temp file a block is received into: appended to in order, batched writes on the disk pool
 * ({@link QueuedFileWrites}). The first batch creates the file and the last step syncs and closes
 * it in the same task as the store's commit, so a block that arrives in one frame costs the disk
 * pool two hand-offs (write, commit) rather than four (create, write, close, commit): on a small
 * block the hand-offs, not the bytes, are what the node spends its CPU on.
 */
final class TempBlockFile {
  /** Bytes a write may have queued for the disk before the sender is paused. */
  static final int MAX_QUEUED_BYTES = 1024 * 1024;

  private final WorkerExecutor disk;
  private final QueuedFileWrites writes;
  /** Set by the first batch, on the pool; read by the last step, which runs after every batch. */
  private volatile BlockFileWriter file;
  private long appended;

  /**
   * A temp file at {@code path}, which must not exist yet, written with O_DIRECT in units of
   * {@code directAlignment} bytes (plainly if 0); nothing is created until the first append.
   */
  TempBlockFile(WorkerExecutor disk, Path path, int directAlignment) {
    this.disk = disk;
    this.writes = new QueuedFileWrites(task -> disk.executeBlocking(task, false), () -> {
      BlockFileWriter created = BlockFileWriter.create(path, directAlignment);
      file = created;
      return created;
    }, MAX_QUEUED_BYTES);
  }

  /** Appends {@code bytes}; the future fails if the write (or creating the file) does. */
  Future<Void> append(Buffer bytes) {
    long at = appended;
    appended += bytes.length();
    return writes.write(bytes, at);
  }

  boolean writeQueueFull() {
    return writes.writeQueueFull();
  }

  void drainHandler(Handler<Void> handler) {
    writes.drainHandler(handler);
  }

  /**
   * Once every write has landed, in one task on the disk pool: completes the file (with O_DIRECT,
   * writes its last partial unit and cuts it to length), syncs its data if {@code sync}, closes it,
   * and runs {@code then} (the store's commit, which renames it). Fails if a write did, without
   * running {@code then}; the file is closed either way.
   */
  <T> Future<T> closeThen(boolean sync, Callable<T> then) {
    return writes.settled().compose(v -> disk.executeBlocking(() -> {
      BlockFileWriter f = file;
      if (f != null) {
        f.complete(sync);
      }
      return then.call();
    }, false), e -> close().transform(ar -> Future.failedFuture(e)));
  }

  /** Closes the file, if one was created, once every write has settled; never fails. */
  Future<Void> close() {
    return writes.settled().transform(ar -> disk.<Void>executeBlocking(() -> {
      BlockFileWriter f = file;
      if (f != null) {
        f.close();
      }
      return null;
    }, false)).recover(e -> Future.succeededFuture());
  }
}
