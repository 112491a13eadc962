package io.dfs.datanode.wire;

import io.dfs.common.file.QueuedFileWrites;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The temp file a block is received into: appended to in order, batched writes on the disk pool
 * ({@link QueuedFileWrites}), closed once every write has landed. Not synced here: the store syncs
 * it once, before renaming it into place.
 */
final class TempBlockFile {
  /** Bytes a write may have queued for the disk before the sender is paused. */
  static final int MAX_QUEUED_BYTES = 1024 * 1024;

  private final WorkerExecutor disk;
  private final FileChannel channel;
  private final QueuedFileWrites writes;
  private long appended;

  private TempBlockFile(WorkerExecutor disk, FileChannel channel) {
    this.disk = disk;
    this.channel = channel;
    this.writes = new QueuedFileWrites(task -> disk.executeBlocking(task, false), channel, MAX_QUEUED_BYTES);
  }

  /** Creates {@code path}, which must not exist yet. */
  static Future<TempBlockFile> create(WorkerExecutor disk, Path path) {
    return disk.executeBlocking(() -> new TempBlockFile(disk,
        FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)), false);
  }

  /** Appends {@code bytes}; the future fails if the write does. */
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

  /** Closes the file once every write has landed; fails if one did not. Closes it either way. */
  Future<Void> close() {
    return writes.settled().eventually(() -> disk.executeBlocking(() -> {
      channel.close();
      return null;
    }, false));
  }
}
