package io.dfs.cli.client;

import static io.dfs.common.wire.BlockProtocol.MAX_DATA_BYTES;

import io.dfs.common.wire.FrameCodec;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/** The bytes of one block to upload, read piece by piece. */
public interface BlockSource {
  /** Bytes of the block. */
  long length();

  /**
   * Reads {@code length} bytes starting at {@code offset} within the block. The future fails, or
   * yields fewer bytes, if the underlying data is shorter than declared.
   */
  Future<Buffer> read(long offset, int length);

  /** The most bytes {@link #frames} is asked for at a time. */
  default int batchBytes() {
    return MAX_DATA_BYTES;
  }

  /**
   * The DATA frames, back to back, carrying exactly {@code length} (at most {@link #batchBytes()})
   * bytes from {@code offset}; fails with a {@link LocalFileException} if there are fewer.
   */
  default Future<Buffer> frames(long offset, int length) {
    return read(offset, length).map(bytes -> {
      if (bytes.length() != length) {
        throw new LocalFileException("the local file changed during the upload");
      }
      return FrameCodec.data(bytes);
    });
  }
}
