package io.dfs.cli.client;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import java.nio.file.Path;
import java.util.function.LongConsumer;

/**
 * A range of a local file, read with positional reads so any number of blocks can share one open
 * file. Every byte read is reported to {@code onRead}, which drives upload progress.
 */
final class FileBlockSource implements BlockSource {
  private final AsyncFile file;
  private final Path path;
  private final long fileOffset;
  private final long length;
  private final LongConsumer onRead;

  FileBlockSource(AsyncFile file, Path path, long fileOffset, long length, LongConsumer onRead) {
    this.file = file;
    this.path = path;
    this.fileOffset = fileOffset;
    this.length = length;
    this.onRead = onRead;
  }

  @Override
  public long length() {
    return length;
  }

  @Override
  public Future<Buffer> read(long offset, int n) {
    return file.read(Buffer.buffer(n), 0, fileOffset + offset, n)
        .recover(e -> Future.failedFuture(LocalFileException.cannotRead(path, e)))
        .map(buf -> {
          onRead.accept(buf.length());
          return buf;
        });
  }
}
