package io.dfs.cli.client;

import io.dfs.common.error.DfsException;
import io.dfs.common.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads a file: looks it up on meta, then reads each block from its first replica, failing over
 * to the next one on a connection error, timeout, ERROR frame or checksum mismatch (each replica is
 * tried once; a replica whose bytes were wrong or gone is reported to meta, which replaces it). A
 * block that no replica can serve fails the whole download with a message naming the block.
 *
 * <p>To a local file: blocks are fetched in parallel (at most {@code parallelism} in flight) and
 * written with positional writes into a temp file next to the target,
 * {@code .<name>.dfs-part-<random>}, renamed atomically onto the target when every block has passed
 * its checks and deleted otherwise. The target is never partial: it is the old file or the new one.
 *
 * <p>To an output stream: the bytes must come out in order and cannot be taken back, so each block
 * is held in memory until it has passed its CRC32C (meta bounds a block to 10 MiB by default;
 * {@link #MAX_STREAMED_BLOCK_BYTES} is refused outright) and its turn comes. The blocks after the one
 * being written are fetched ahead ({@link ReadAhead}): at most {@code parallelism} at once and, past
 * the first, at most {@link #READ_AHEAD_BYTES}. A file of small blocks then costs about one block's
 * round trip rather than one per block (a 1 MiB file has eight), and one of 10 MiB blocks holds two
 * at most, the one being written and the next.
 */
public final class FileDownloader {
  private static final int OUT_SLICE_BYTES = 64 * 1024;
  /** The largest block a download to a stream will hold in memory. */
  public static final long MAX_STREAMED_BLOCK_BYTES = 64L * 1024 * 1024;
  /** What a stream download fetches ahead of the block it is writing, past the first block. */
  static final long READ_AHEAD_BYTES = 8L * 1024 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(FileDownloader.class);
  /** Failures that say the replica itself is bad, not the way to it. */
  private static final Set<ErrorCode> BAD_REPLICA = EnumSet.of(ErrorCode.CHECKSUM_MISMATCH, ErrorCode.LENGTH_MISMATCH,
      ErrorCode.CORRUPT, ErrorCode.NOT_FOUND);

  private final Vertx vertx;
  private final MetaClient meta;
  private final BlockClient blocks;
  private final int parallelism;

  public FileDownloader(Vertx vertx, MetaClient meta, BlockClient blocks, int parallelism) {
    this.vertx = vertx;
    this.meta = meta;
    this.blocks = blocks;
    this.parallelism = BoundedParallel.requireLimit(parallelism);
  }

  /** Looks up {@code ref} (a name or id) and downloads it to {@code target}; completes with the file. */
  public Future<FileInfo> get(String ref, Path target, TransferListener listener) {
    return OnContext.run(vertx, () -> meta.lookup(ref).compose(file -> toFile(file, target, listener).map(file)));
  }

  /** Looks up {@code ref} and writes its bytes, in order, to {@code out}; completes with the file. */
  public Future<FileInfo> get(String ref, OutputStream out, TransferListener listener) {
    return OnContext.run(vertx, () -> meta.lookup(ref).compose(file -> toStream(file, out, listener).map(file)));
  }

  /** Downloads an already looked-up file to {@code target}, replacing it atomically. */
  public Future<Void> download(FileInfo file, Path target, TransferListener listener) {
    return OnContext.run(vertx, () -> toFile(file, target, listener));
  }

  /** Writes an already looked-up file to {@code out}, in order, and flushes it; does not close it. */
  public Future<Void> download(FileInfo file, OutputStream out, TransferListener listener) {
    return OnContext.run(vertx, () -> toStream(file, out, listener));
  }

  private Future<Void> toFile(FileInfo file, Path target, TransferListener listener) {
    Path absolute = target.toAbsolutePath();
    return vertx.executeBlocking(() -> PartFile.create(absolute), false).compose(part -> {
      listener.started(file.size());
      return BoundedParallel.map(file.blocks(), parallelism, b -> fetchInto(file, b, part.channel(), absolute, listener))
          .transform(fetched -> fetched.succeeded()
              ? vertx.executeBlocking(part::moveIntoPlace, false)
              : vertx.executeBlocking(part::discard, false).transform(v -> Future.failedFuture(fetched.cause())));
    });
  }

  private Future<PositionalFileSink> fetchInto(FileInfo file, FileInfo.FileBlock block, FileChannel out, Path target,
      TransferListener listener) {
    long[] reported = {0};
    // A retry rewrites the same range; progress only counts bytes beyond what an earlier attempt stored.
    Supplier<PositionalFileSink> sink = () -> new PositionalFileSink(vertx, out, target, block.offset(), stored -> {
      if (stored > reported[0]) {
        listener.advanced(stored - reported[0]);
        reported[0] = stored;
      }
    });
    return fetch(file, block, sink, PositionalFileSink::settled, listener, 0, null, false);
  }

  private Future<Void> toStream(FileInfo file, OutputStream out, TransferListener listener) {
    for (FileInfo.FileBlock b : file.blocks()) {
      if (b.length() > MAX_STREAMED_BLOCK_BYTES) {
        return Future.failedFuture(new DfsException(ErrorCode.TOO_LARGE, "block " + b.id() + " of " + file.name()
            + " is " + b.length() + " bytes, more than the " + MAX_STREAMED_BLOCK_BYTES + " a stream download holds"));
      }
    }
    listener.started(file.size());
    ReadAhead<MemoryBlockSink> ahead = new ReadAhead<>(file.blocks(), parallelism, READ_AHEAD_BYTES,
        block -> fetch(file, block, () -> new MemoryBlockSink((int) block.length()), s -> Future.succeededFuture(),
            listener, 0, null, false));
    return streamFrom(ahead, Future.succeededFuture(), out, listener);
  }

  /** Waits for the next block while the one before it is still being written, then queues its write. */
  private Future<Void> streamFrom(ReadAhead<MemoryBlockSink> ahead, Future<Void> previousWrite, OutputStream out,
      TransferListener listener) {
    if (!ahead.hasNext()) {
      return previousWrite.compose(v -> vertx.executeBlocking(() -> {
        out.flush();
        checkStream(out);
        return null;
      }, false));
    }
    return ahead.take()
        .compose(sink -> previousWrite.map(sink))
        .compose(sink -> {
          Buffer bytes = sink.bytes();
          // Unordered: each write starts only once the one before it is done. Vert.x's ordered
          // queue is the context's, shared by every executor used on it, and it stalls for good
          // when an executor it holds a task for has been closed (as a per-download one is).
          Future<Void> write = vertx.<Void>executeBlocking(() -> {
            // In slices: a copy of the whole block would double what a block in flight costs.
            for (int at = 0; at < bytes.length(); at += OUT_SLICE_BYTES) {
              out.write(bytes.getBytes(at, Math.min(bytes.length(), at + OUT_SLICE_BYTES)));
            }
            checkStream(out);
            return null;
          }, false)
              .recover(e -> Future.failedFuture(e instanceof LocalFileException ? e
                  : new LocalFileException("cannot write the output: " + LocalFileException.reason(e))))
              .onSuccess(v -> listener.advanced(bytes.length()));
          return streamFrom(ahead, write, out, listener);
        });
  }

  /** A PrintStream swallows write errors (a closed pipe, a full disk); surface them. */
  private static void checkStream(OutputStream out) {
    if (out instanceof PrintStream ps && ps.checkError()) {
      throw new LocalFileException("cannot write the output: the stream was closed or failed");
    }
  }

  /**
   * Reads a whole block into a fresh sink, trying the replicas in order from {@code replica}. Before
   * the next replica is tried, {@code settle} lets the failed attempt's writes land. A node that
   * refuses the block token (it expired during a long download, or meta restarted with a new key)
   * is asked again, once, with a fresh token from a new lookup.
   */
  private <S extends WriteStream<Buffer>> Future<S> fetch(FileInfo file, FileInfo.FileBlock block,
      Supplier<S> newSink, Function<S, Future<Void>> settle, TransferListener listener, int replica,
      Throwable lastFailure, boolean tokenRenewed) {
    List<NodeAddress> replicas = block.replicas();
    if (replica >= replicas.size()) {
      return Future.failedFuture(unreadable(file, block, lastFailure));
    }
    NodeAddress node = replicas.get(replica);
    S sink = newSink.get();
    return blocks.getBlock(node, BlockGet.whole(block), sink).map(sink).recover(e -> {
      if (e instanceof LocalFileException) {
        return Future.failedFuture(e);
      }
      if (!tokenRenewed && e instanceof DfsException d && d.code() == ErrorCode.UNAUTHORIZED) {
        return settle.apply(sink)
            .compose(v -> meta.lookup(file.id()))
            .compose(fresh -> fetch(fresh, renewed(fresh, block), newSink, settle, listener, replica, e, true));
      }
      LOG.debug("event=block_failover block={} node={} reason=\"{}\"", block.id(), node.node(), e.getMessage());
      listener.failedOver(block.id(), node, e.getMessage());
      reportIfBad(block, node, e);
      return settle.apply(sink)
          .compose(v -> fetch(file, block, newSink, settle, listener, replica + 1, e, tokenRenewed));
    });
  }

  /** The same block in a fresh lookup of its file, with a new token and current replicas. */
  private static FileInfo.FileBlock renewed(FileInfo fresh, FileInfo.FileBlock block) {
    for (FileInfo.FileBlock b : fresh.blocks()) {
      if (b.id().equals(block.id())) {
        return b;
      }
    }
    throw new DfsException(ErrorCode.CONFLICT, "file " + fresh.name() + " was replaced during the download");
  }

  /**
   * Tells meta about a replica whose bytes were wrong or gone, so it is replaced; a node that is
   * merely unreachable is meta's to notice by its heartbeats. Fire and forget.
   */
  private void reportIfBad(FileInfo.FileBlock block, NodeAddress node, Throwable e) {
    if (e instanceof DfsException d && BAD_REPLICA.contains(d.code())) {
      meta.reportBadReplica(block.id(), node.node(), d.code().wireName())
          .onFailure(err -> LOG.debug("event=bad_replica_not_reported block={} node={} reason=\"{}\"", block.id(),
              node.node(), err.getMessage()));
    }
  }

  private static DfsException unreadable(FileInfo file, FileInfo.FileBlock block, Throwable lastFailure) {
    String where = "block " + block.id() + " of " + file.name() + " (bytes " + block.offset() + ".."
        + (block.offset() + block.length()) + ")";
    if (lastFailure == null) {
      return new DfsException(ErrorCode.UNAVAILABLE, where + " has no live replica");
    }
    return new DfsException(ErrorCode.UNAVAILABLE, "cannot read " + where + " from any of its "
        + block.replicas().size() + " replicas; last error: " + lastFailure.getMessage());
  }
}
