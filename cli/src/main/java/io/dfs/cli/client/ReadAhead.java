package io.dfs.cli.client;

import io.vertx.core.Future;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Function;

/**
 * The blocks of a stream download, fetched ahead of the one the stream is waiting for, and handed
 * out in file order. At most {@code maxBlocks} are in flight, and past the first of them at most
 * {@code maxBytes}: what a download holds is bounded whatever the file's size. Blocks start only
 * when one is taken, so a stream that writes slowly holds the reads back. Used on one context.
 */
final class ReadAhead<T> {
  private final List<FileInfo.FileBlock> blocks;
  private final Function<FileInfo.FileBlock, Future<T>> fetch;
  private final int maxBlocks;
  private final long maxBytes;
  private final ArrayDeque<Future<T>> started = new ArrayDeque<>();
  private long startedBytes;
  private int nextToStart;
  private int nextToTake;

  ReadAhead(List<FileInfo.FileBlock> blocks, int maxBlocks, long maxBytes,
      Function<FileInfo.FileBlock, Future<T>> fetch) {
    this.blocks = blocks;
    this.maxBlocks = BoundedParallel.requireLimit(maxBlocks);
    this.maxBytes = maxBytes;
    this.fetch = fetch;
  }

  boolean hasNext() {
    return nextToTake < blocks.size();
  }

  /** The next block's fetch, started now if it was not yet, with as many after it as the bounds allow. */
  Future<T> take() {
    if (!hasNext()) {
      throw new IllegalStateException("every block was taken");
    }
    while (nextToStart < blocks.size() && started.size() < maxBlocks
        && (started.isEmpty() || startedBytes + blocks.get(nextToStart).length() <= maxBytes)) {
      FileInfo.FileBlock block = blocks.get(nextToStart++);
      started.add(fetch.apply(block));
      startedBytes += block.length();
    }
    startedBytes -= blocks.get(nextToTake++).length();
    return started.poll();
  }
}
