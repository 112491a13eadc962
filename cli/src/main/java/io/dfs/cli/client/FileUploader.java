package io.dfs.cli.client;

import io.dfs.common.error.DfsException;
import io.dfs.common.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads a local file: asks meta for a plan, streams the blocks to their primaries with at most
 * {@code parallelism} blocks in flight, routing each around nodes that fail
 * ({@link BlockWriteAttempts}), then commits; a commit refused for want of replicas, or a block
 * token refused, is redone once with a fresh plan. Nothing is visible under the name until the
 * commit succeeds; an upload that fails before leaves a pending file that meta expires.
 */
public final class FileUploader {
  private static final Logger LOG = LoggerFactory.getLogger(FileUploader.class);

  private final Vertx vertx;
  private final MetaClient meta;
  private final BlockClient blocks;
  private final int parallelism;

  public FileUploader(Vertx vertx, MetaClient meta, BlockClient blocks, int parallelism) {
    this.vertx = vertx;
    this.meta = meta;
    this.blocks = blocks;
    this.parallelism = BoundedParallel.requireLimit(parallelism);
  }

  /**
   * Uploads {@code local} as {@code name} with meta's default replication; completes with the
   * committed file as meta's commit answer describes it (replicas reported by then). A local file that is missing or unreadable fails with a {@link LocalFileException}
   * naming it, before meta is contacted.
   */
  public Future<FileInfo> put(Path local, String name, TransferListener listener) {
    return put(local, name, null, listener);
  }

  /** As {@link #put(Path, String, TransferListener)}, with a replication factor (null: meta's default). */
  public Future<FileInfo> put(Path local, String name, Integer replication, TransferListener listener) {
    return OnContext.run(vertx, () -> vertx.executeBlocking(() -> sizeOf(local), false)
        .compose(size -> upload(local, name, size, replication, listener)));
  }

  private Future<FileInfo> upload(Path local, String name, long size, Integer replication,
      TransferListener listener) {
    return uploadOnce(local, name, size, replication, listener, true)
        .recover(e -> {
          // Replicas can fall short after the blocks were stored (a node evicted meanwhile): meta
          // refuses the commit, and a fresh plan places the file on nodes that are live now. Block
          // tokens can lapse during a long upload, or die with a restarted meta: a fresh plan has
          // fresh ones.
          if (e instanceof WorthRedoing) {
            LOG.debug("event=upload_redone name=\"{}\" reason=\"{}\"", name, e.getCause().getMessage());
            return uploadOnce(local, name, size, replication, listener, false);
          }
          return Future.failedFuture(e);
        })
        .recover(e -> Future.failedFuture(e instanceof WorthRedoing ? e.getCause() : e));
  }

  private Future<FileInfo> uploadOnce(Path local, String name, long size, Integer replication,
      TransferListener listener, boolean first) {
    return meta.create(name, size, replication).compose(plan -> {
      LOG.debug("event=upload_planned file={} name=\"{}\" size={} blocks={}", plan.fileId(), name, size,
          plan.blocks().size());
      if (first) {
        listener.started(size);
      }
      return BoundedParallel.map(plan.blocks(), parallelism, b -> uploadBlock(local, plan, b, listener))
          .recover(e -> Future.failedFuture(
              first && e instanceof DfsException d && d.code() == ErrorCode.UNAUTHORIZED ? new WorthRedoing(d) : e))
          .compose(stored -> meta.commit(plan.fileId(), stored).recover(e -> Future.failedFuture(
              first && e instanceof DfsException d && d.code() == ErrorCode.CONFLICT ? new WorthRedoing(d) : e)));
    });
  }

  /** A failure a fresh plan may cure; the upload is worth one more try. */
  private static final class WorthRedoing extends RuntimeException {
    WorthRedoing(DfsException cause) {
      super(cause.getMessage(), cause, false, false);
    }
  }

  private Future<StoredBlock> uploadBlock(Path local, UploadPlan plan, UploadPlan.PlannedBlock block,
      TransferListener listener) {
    return vertx.executeBlocking(() -> BlockChecksum.of(local, block.offset(), block.length()), false)
        .compose(crc -> {
          long[] reported = {0};
          BlockWriteAttempts attempts = new BlockWriteAttempts(vertx, plan.minReplicas(), nodes -> {
            BlockPut put = new BlockPut(block.blockId(), block.length(), crc, block.blockToken(),
                nodes.subList(1, nodes.size()));
            long[] sent = {0};
            // A retry sends the same bytes again; progress counts only bytes beyond the best attempt.
            BlockSource source = new FileBlockSource(vertx, local, block.offset(), block.length(), n -> {
              sent[0] += n;
              if (sent[0] > reported[0]) {
                listener.advanced(sent[0] - reported[0]);
                reported[0] = sent[0];
              }
            });
            return blocks.putBlock(nodes.get(0), put, source);
          });
          return attempts.run(block.nodes())
              .recover(e -> Future.failedFuture(e instanceof LocalFileException ? e : describe(block, e)))
              .map(ack -> new StoredBlock(block.blockId(), block.length(), crc));
        });
  }

  private static DfsException describe(UploadPlan.PlannedBlock block, Throwable failure) {
    DfsException e = DfsException.of(failure);
    return new DfsException(e.code(), "cannot store block " + block.blockId() + ": " + e.getMessage());
  }

  /** The size of a readable regular file, or a {@link LocalFileException} saying why not. */
  private static long sizeOf(Path local) {
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(local, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      throw new LocalFileException("no such local file: " + local);
    } catch (IOException e) {
      throw LocalFileException.cannotRead(local, e);
    }
    if (attributes.isDirectory()) {
      throw new LocalFileException("cannot read " + local + ": it is a directory");
    }
    if (!attributes.isRegularFile()) {
      throw new LocalFileException("cannot read " + local + ": not a regular file");
    }
    if (!Files.isReadable(local)) {
      throw new LocalFileException("cannot read " + local + ": permission denied");
    }
    return attributes.size();
  }
}
