package io.dfs.cli.client;

import static io.dfs.common.wire.BlockProtocol.MAX_DATA_BYTES;
import static io.dfs.common.wire.BlockProtocol.PREFIX_BYTES;
import static io.dfs.common.wire.BlockProtocol.TYPE_DATA;

import io.netty.buffer.Unpooled;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.LongConsumer;
import java.util.zip.CRC32C;

/**
 * A range of a local file. It is read 1 MiB at a time on a worker thread straight into the DATA
 * frames that carry it, checksummed there, so the event loop only hands whole frames to the socket
 * and each byte is copied into the heap once. Every byte read is reported to {@code onRead}, which
 * drives upload progress.
 */
final class FileBlockSource implements BlockSource {
  static final int BATCH_BYTES = 16 * MAX_DATA_BYTES;

  private final Vertx vertx;
  private final Path path;
  private final long fileOffset;
  private final long length;
  private final LongConsumer onRead;

  FileBlockSource(Vertx vertx, Path path, long fileOffset, long length, LongConsumer onRead) {
    this.vertx = vertx;
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
  public int batchBytes() {
    return BATCH_BYTES;
  }

  @Override
  public Future<Buffer> read(long offset, int n) {
    return vertx.executeBlocking(() -> {
      ByteBuffer bytes = ByteBuffer.allocate(n);
      try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
        readFully(channel, bytes, fileOffset + offset);
      } catch (IOException e) {
        throw LocalFileException.cannotRead(path, e);
      }
      return Buffer.buffer(bytes.array());
    }, false).onSuccess(b -> onRead.accept(b.length()));
  }

  @Override
  public Future<Buffer> frames(long offset, int n) {
    return vertx.executeBlocking(() -> readFrames(offset, n), false).onSuccess(b -> onRead.accept(n));
  }

  private Buffer readFrames(long offset, int n) {
    int frames = (n + MAX_DATA_BYTES - 1) / MAX_DATA_BYTES;
    byte[] out = new byte[n + frames * (PREFIX_BYTES + 4)];
    ByteBuffer view = ByteBuffer.wrap(out);
    CRC32C crc = new CRC32C();
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      long position = fileOffset + offset;
      int left = n;
      while (left > 0) {
        int k = Math.min(MAX_DATA_BYTES, left);
        int start = view.position();
        view.putInt(k + 4).put(TYPE_DATA);
        readFully(channel, view.slice(view.position(), k), position);
        crc.reset();
        crc.update(out, start + PREFIX_BYTES, k);
        view.position(start + PREFIX_BYTES + k);
        view.putInt((int) crc.getValue());
        position += k;
        left -= k;
      }
    } catch (IOException e) {
      throw LocalFileException.cannotRead(path, e);
    }
    // Wrapped, not copied: the array is handed to the socket as it is.
    return BufferInternal.buffer(Unpooled.wrappedBuffer(out));
  }

  private static void readFully(FileChannel channel, ByteBuffer into, long position) throws IOException {
    long at = position;
    while (into.hasRemaining()) {
      int r = channel.read(into, at);
      if (r < 0) {
        throw new EOFException("the file is shorter than expected: it changed during the upload");
      }
      at += r;
    }
  }
}
