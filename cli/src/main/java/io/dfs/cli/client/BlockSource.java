package io.dfs.cli.client;

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
}
