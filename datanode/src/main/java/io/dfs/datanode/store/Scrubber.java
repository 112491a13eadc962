package io.dfs.datanode.store;

import io.dfs.common.config.DatanodeConfig;
import io.dfs.datanode.wire.BlockCounters;
import io.dfs.datanode.wire.BlockEvents;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-reads every stored block in the background and checks it against its sidecar: each 64 KiB
 * chunk's CRC32C, the whole block's CRC32C and its length. A block whose file is missing, short,
 * long or rotten (and one whose sidecar is unreadable) is quarantined and reported gone, so meta
 * copies a good replica in its place — the cold blocks no reader would ever find bad.
 *
 * <p>A pass over all blocks starts every {@code scrubInterval} (the first after
 * {@code min(scrubInterval, 10 s)}); if a pass takes longer, the next starts when it ends. Reading
 * is throttled to {@code scrubBytesPerSecond}: after each block the scrubber waits as long as that
 * block's bytes are worth at that rate, so it never competes with clients for long. One block is
 * read at a time, in pieces of one chunk, on the disk worker pool.
 */
public final class Scrubber {
  private static final Logger LOG = LoggerFactory.getLogger(Scrubber.class);
  static final long FIRST_PASS_MAX_MS = 10_000;

  /** What the scrubber has done, for /metrics. */
  public record Stats(long passes, long bytesScrubbed, long lastPassEndedMs) {}

  private final Vertx vertx;
  private final BlockStore store;
  private final WorkerExecutor disk;
  private final BlockEvents events;
  private final BlockCounters counters;
  private final long intervalMs;
  private final long bytesPerSecond;
  private final AtomicLong passes = new AtomicLong();
  private final AtomicLong bytesScrubbed = new AtomicLong();
  private volatile long lastPassEndedMs;
  private volatile boolean stopped;
  private long timer = -1;
  private long passStartedNanos;

  public Scrubber(Vertx vertx, BlockStore store, WorkerExecutor disk, DatanodeConfig config, BlockEvents events,
      BlockCounters counters) {
    this.vertx = vertx;
    this.store = store;
    this.disk = disk;
    this.events = events;
    this.counters = counters;
    this.intervalMs = config.scrubInterval().toMillis();
    this.bytesPerSecond = config.scrubBytesPerSecond();
  }

  public void start() {
    timer = vertx.setTimer(Math.max(1, Math.min(intervalMs, FIRST_PASS_MAX_MS)), t -> pass());
  }

  public void stop() {
    stopped = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  public Stats stats() {
    return new Stats(passes.get(), bytesScrubbed.get(), lastPassEndedMs);
  }

  private void pass() {
    if (stopped) {
      return;
    }
    passStartedNanos = System.nanoTime();
    ArrayDeque<BlockStore.BlockInfo> todo = new ArrayDeque<>(store.list());
    next(todo);
  }

  private void next(ArrayDeque<BlockStore.BlockInfo> todo) {
    if (stopped) {
      return;
    }
    BlockStore.BlockInfo block = todo.poll();
    if (block == null) {
      passes.incrementAndGet();
      lastPassEndedMs = System.currentTimeMillis();
      long elapsedMs = (System.nanoTime() - passStartedNanos) / 1_000_000;
      timer = vertx.setTimer(Math.max(1, intervalMs - elapsedMs), t -> pass());
      return;
    }
    disk.executeBlocking(() -> check(block), false).onComplete(ar -> {
      if (ar.succeeded() && ar.result() != null) {
        counters.corruptReplicaFound();
        events.deleted(List.of(block.blockId()));
      }
      long pauseMs = bytesPerSecond <= 0 ? 0 : block.length() * 1000 / bytesPerSecond;
      timer = vertx.setTimer(Math.max(1, pauseMs), t -> next(todo));
    });
  }

  /** Checks one block; if it is bad, quarantines it and returns why, else null. Blocking. */
  private String check(BlockStore.BlockInfo block) {
    if (store.info(block.blockId()) == null) {
      // Deleted since the pass began.
      return null;
    }
    String problem = problemWith(block);
    if (problem == null) {
      return null;
    }
    LOG.warn("event=corrupt_replica blockId={} reason=\"{}\" during=scrub", block.blockId(), problem);
    return store.quarantine(block.blockId()) ? problem : null;
  }

  private String problemWith(BlockStore.BlockInfo block) {
    BlockMeta meta;
    try {
      meta = store.readMeta(block.blockId());
    } catch (IOException | RuntimeException e) {
      return "sidecar unreadable: " + e.getMessage();
    }
    if (meta.length() != block.length() || meta.crc32c() != block.crc32c()) {
      return "sidecar differs from the block's record";
    }
    try (FileChannel ch = FileChannel.open(store.blockFile(block.blockId()), StandardOpenOption.READ)) {
      if (ch.size() != meta.length()) {
        return "data file has " + ch.size() + " bytes, not " + meta.length();
      }
      ByteBuffer buf = ByteBuffer.allocate(BlockMeta.CHUNK_BYTES);
      CRC32C whole = new CRC32C();
      int chunks = meta.chunkCrcs().length;
      for (int i = 0; i < chunks; i++) {
        int len = meta.chunkLength(i);
        buf.clear().limit(len);
        long pos = (long) i * BlockMeta.CHUNK_BYTES;
        while (buf.hasRemaining()) {
          if (ch.read(buf, pos + buf.position()) < 0) {
            return "data file ends early";
          }
        }
        buf.flip();
        CRC32C chunk = new CRC32C();
        chunk.update(buf.duplicate());
        whole.update(buf);
        if ((int) chunk.getValue() != meta.chunkCrcs()[i]) {
          return "chunk " + i + " fails its CRC32C";
        }
        bytesScrubbed.addAndGet(len);
      }
      if ((int) whole.getValue() != meta.crc32c()) {
        return "block fails its CRC32C";
      }
      return null;
    } catch (NoSuchFileException e) {
      return "data file is missing";
    } catch (IOException e) {
      return "data file unreadable: " + e.getMessage();
    }
  }
}
