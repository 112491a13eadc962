package io.dfs.datanode.wire;

import static io.dfs.common.wire.BlockProtocol.*;

import com.sun.nio.file.ExtendedOpenOption;
import io.dfs.common.error.DfsException;
import io.dfs.common.error.ErrorCode;
import io.dfs.common.fault.FaultPoint;
import io.dfs.common.ids.BlockIds;
import io.dfs.common.security.BlockOp;
import io.dfs.common.security.Roles;
import io.dfs.common.wire.Crc32c;
import io.dfs.common.wire.Frame;
import io.dfs.common.wire.FrameCodec;
import io.dfs.datanode.store.BlockMeta;
import io.dfs.datanode.store.BlockStore.BlockInfo;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.json.JsonObject;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.List;

/**
 * GET_BLOCK {@code {"blockId","offset","length","auth","blockToken"}} ({@code offset} defaults to 0;
 * {@code length} 0 or absent means to the end of the block). Answers ACK
 * {@code {"blockId","offset","length","crc32c"}} ({@code crc32c} of the whole stored block), then
 * the range in DATA frames of at most 64 KiB, then END.
 *
 * <p>Reads are aligned to the stored 64 KiB checksum chunks, so every byte sent has just been
 * checked against the CRC32C recorded when it was written; a chunk that fails is never sent, an
 * ERROR {@code corrupt} goes in its place.
 *
 * <p>The chunks are checked 1 MiB at a time on the disk pool ({@link ChunkCheck}), the next batch
 * while this one is sent, and sent only once this one is out. Where the store writes a block with
 * O_DIRECT ({@link io.dfs.datanode.store.BlockStore#directAlignment(long)}), the page cache does not
 * hold it, so it is read with O_DIRECT too, and the check builds the batch's frames in one heap
 * buffer, written to the socket at once: one write per 1 MiB instead of three per 64 KiB frame,
 * and no page cache to fill. Over TLS the bytes must be encrypted in the process, so the frames are
 * built the same way. A batch of 1 MiB takes one of the node's {@link BlockService#FRAME_BUFFERS}
 * buffers, so that the heap such reads hold is bounded however many there are; with none free, a
 * read goes on one chunk at a time until one is. Otherwise (plain TCP, a block under 1 MiB or a
 * store without O_DIRECT) the bytes never enter the heap: each frame's bytes go from the page cache
 * to the socket with {@code sendfile} between a 5-byte prefix and the recorded CRC32C, so a slow
 * reader holds at most 2 MiB of file ranges in the socket's queue.
 */
final class BlockReadHandler implements BlockConnection.Handler {
  private static final Logger LOG = LoggerFactory.getLogger(BlockReadHandler.class);

  private final BlockConnection conn;
  private final BlockService service;
  private String blockId;
  private BlockMeta meta;
  /** The block file, shared by every batch of the read. */
  private FileChannel channel;
  /** The unit the file is read in: the store's O_DIRECT alignment for the block, or 1 through the page cache. */
  private int readAlignment = 1;
  private long from;
  private long to;
  private boolean done;
  private boolean midpointPassed;

  BlockReadHandler(BlockConnection conn, BlockService service) {
    this.conn = conn;
    this.service = service;
  }

  @Override
  public void start(JsonObject header) {
    RequestAuth.caller(service, conn, header, TYPE_GET_BLOCK, Roles.USER, Roles.ADMIN, Roles.DATANODE)
        .compose(caller -> {
          blockId = BlockIds.require(header.getValue("blockId"));
          return RequestAuth.grant(service, conn, header, caller, BlockOp.READ, List.of(blockId));
        })
        .compose(granted -> {
          long offset = Headers.number(header, "offset", 0, Long.MAX_VALUE, 0L);
          long length = Headers.number(header, "length", 0, Long.MAX_VALUE, 0L);
          BlockInfo info = service.store.info(blockId);
          if (info == null) {
            return Future.failedFuture(DfsException.notFound("no block " + blockId + " on node " + service.nodeId));
          }
          long end = length == 0 ? info.length() : offset + length;
          if (offset > info.length() || end > info.length() || end < offset) {
            return Future.failedFuture(DfsException.badRequest("range " + offset + "+" + length
                + " is outside the block's " + info.length() + " bytes"));
          }
          from = offset;
          to = end;
          return serve(info);
        })
        .onFailure(e -> {
          done();
          if (!conn.closed()) {
            conn.fail(e);
          }
        });
  }

  /** Chunks {@code [first, end)}, checked and sent together; {@code buffered} holds one of the frame buffers. */
  private record Batch(int first, int end, boolean framed, boolean buffered) {}

  /** What the first trip to the disk pool found: the block's checksums, its file, the first batch checked. */
  private record Opened(BlockMeta meta, FileChannel channel, Future<ChunkCheck.Result> firstChecked) {}

  /**
   * Answers ACK and starts sending. One trip to the disk pool reads the block's checksums, opens
   * its file and checks the first batch: a small block is served with that one trip.
   */
  private Future<Void> serve(BlockInfo info) {
    readAlignment = Math.max(1, service.store.directAlignment(info.length()));
    Batch first = batchFrom((int) (from / BlockMeta.CHUNK_BYTES));
    return service.disk.executeBlocking(() -> open(info, first), false)
        .onFailure(e -> release(first))
        .map(opened -> {
          meta = opened.meta();
          channel = opened.channel();
          if (conn.closed()) {
            release(first);
            done();
            return null;
          }
          conn.send(FrameCodec.json(TYPE_ACK, new JsonObject().put("blockId", blockId).put("offset", from)
              .put("length", to - from).put("crc32c", Crc32c.unsigned(info.crc32c()))));
          dispatch(first, opened.firstChecked(), Future.succeededFuture());
          return null;
        });
  }

  /** Runs on the disk pool. */
  private Opened open(BlockInfo info, Batch first) {
    BlockMeta m;
    try {
      m = service.store.readMeta(blockId);
    } catch (Exception e) {
      if (!service.store.contains(blockId)) {
        throw gone();
      }
      throw corrupt("its checksums are unreadable (" + e.getMessage() + ")");
    }
    if (m.length() != info.length() || m.crc32c() != info.crc32c()) {
      throw corrupt("its checksums do not match the stored block");
    }
    FileChannel ch;
    try {
      ch = readAlignment > 1
          ? FileChannel.open(service.store.blockFile(blockId), StandardOpenOption.READ, ExtendedOpenOption.DIRECT)
          : FileChannel.open(service.store.blockFile(blockId), StandardOpenOption.READ);
    } catch (Exception e) {
      service.quarantine(blockId);
      throw gone();
    }
    if (first == null) {
      return new Opened(m, ch, null);
    }
    try {
      return new Opened(m, ch, Future.succeededFuture(
          ChunkCheck.run(ch, readAlignment, m, first.first(), first.end(), from, to, first.framed())));
    } catch (Exception e) {
      return new Opened(m, ch, Future.failedFuture(e));
    }
  }

  private DfsException gone() {
    return DfsException.notFound("block " + blockId + " is gone from node " + service.nodeId);
  }

  private DfsException corrupt(String why) {
    service.counters.corruptReads.increment();
    LOG.warn("event=corrupt_replica node={} blockId={} reason=\"{}\"", service.nodeId, blockId, why);
    // Out of service at once, so no reader or copy meets it again; meta hears it is gone.
    service.quarantine(blockId);
    return new DfsException(ErrorCode.CORRUPT, "replica of block " + blockId + " on node " + service.nodeId
        + " is corrupt: " + why);
  }

  /**
   * The batch from chunk {@code first}: 1 MiB, or a single chunk when its frames are built and no
   * frame buffer is free; null once the range is done.
   */
  private Batch batchFrom(int first) {
    if ((long) first * BlockMeta.CHUNK_BYTES >= to) {
      return null;
    }
    boolean framed = service.config.tls() != null || readAlignment > 1;
    boolean buffered = framed && service.frameBuffers.tryAcquire();
    int lastChunk = (int) ((to + BlockMeta.CHUNK_BYTES - 1) / BlockMeta.CHUNK_BYTES);
    int end = Math.min(first + (framed && !buffered ? 1 : ChunkCheck.BATCH_CHUNKS), lastChunk);
    return new Batch(first, end, framed, buffered);
  }

  private void release(Batch batch) {
    if (batch != null && batch.buffered()) {
      service.frameBuffers.release();
    }
  }

  /** Checks the batch from chunk {@code first} while the previous one is still being sent. */
  private void sendBatch(int first, Future<Void> previousSent) {
    if (done) {
      return;
    }
    Batch batch = batchFrom(first);
    FileChannel ch = channel;
    BlockMeta m = meta;
    int alignment = readAlignment;
    dispatch(batch, batch == null ? null : service.disk.executeBlocking(
        () -> ChunkCheck.run(ch, alignment, m, batch.first(), batch.end(), from, to, batch.framed()), false),
        previousSent);
  }

  /** Sends a checked batch once the previous one is out; with no batch left, ends the read then. */
  private void dispatch(Batch batch, Future<ChunkCheck.Result> checked, Future<Void> previousSent) {
    if (batch == null) {
      previousSent.onComplete(ar -> {
        if (ar.succeeded() && !done) {
          finishRead();
        }
      });
      return;
    }
    Future.all(checked, previousSent).onComplete(ar -> forward(batch, checked, previousSent)
        .onComplete(out -> release(batch)));
  }

  /** Sends a checked batch and starts on the next; completes once the batch is out, or dropped. */
  private Future<Void> forward(Batch batch, Future<ChunkCheck.Result> checked, Future<Void> previousSent) {
    if (done || previousSent.failed()) {
      // A failed previous send means the connection is gone; its close handler ends the read.
      return Future.succeededFuture();
    }
    if (checked.failed()) {
      failCorrupt("read failed: " + checked.cause().getMessage(), Future.succeededFuture());
      return Future.succeededFuture();
    }
    ChunkCheck.Result result = checked.result();
    Future<Void> sent = result.frames() != null ? sendFrames(batch.first(), result) : sendRanges(batch.first(), result);
    if (!result.clean()) {
      failCorrupt(result.failure(), sent);
      return sent;
    }
    sendBatch(batch.end(), sent);
    return sent;
  }

  /** The batch's frames, built by the check, in one write. */
  private Future<Void> sendFrames(int first, ChunkCheck.Result result) {
    long sentTo = Math.min(to, (long) (first + result.frameCrcs().length) * BlockMeta.CHUNK_BYTES);
    Future<Void> sent = result.frames().length() == 0 || conn.closed()
        ? Future.succeededFuture() : conn.socket().write(result.frames());
    passMidpoint(sentTo);
    return sent;
  }

  /** Over plain TCP from the page cache: each good chunk's part of the range from the file. */
  private Future<Void> sendRanges(int first, ChunkCheck.Result result) {
    Future<Void> sent = Future.succeededFuture();
    for (int i = 0; i < result.frameCrcs().length; i++) {
      sent = sendRange(first + i, result.frameCrcs()[i], sent);
    }
    return sent;
  }

  /**
   * Sends the part of chunk {@code chunk} inside the range as one DATA frame; completes once it is
   * out ({@code previous} when the range has no byte of it: an empty read at the block's end).
   */
  private Future<Void> sendRange(int chunk, int crc, Future<Void> previous) {
    long chunkStart = (long) chunk * BlockMeta.CHUNK_BYTES;
    long sliceFrom = Math.max(from, chunkStart);
    long sliceTo = Math.min(to, chunkStart + meta.chunkLength(chunk));
    int n = (int) (sliceTo - sliceFrom);
    if (n <= 0) {
      return previous;
    }
    conn.send(Buffer.buffer(PREFIX_BYTES).appendInt(n + 4).appendByte(TYPE_DATA));
    Future<Void> sent = ((NetSocketInternal) conn.socket()).writeMessage(new SharedFileRegion(channel, sliceFrom, n));
    conn.send(Buffer.buffer(4).appendInt(crc));
    passMidpoint(sliceTo);
    return sent;
  }

  /** Answers ERROR corrupt once what was sent before the bad chunk is out (the file stays open till then). */
  private void failCorrupt(String why, Future<Void> sentBefore) {
    DfsException e = corrupt(why);
    sentBefore.onComplete(ar -> {
      done();
      if (!conn.closed()) {
        conn.fail(e);
      }
    });
  }

  private void passMidpoint(long sentTo) {
    if (!midpointPassed && (sentTo - from) * 2 >= to - from) {
      midpointPassed = true;
      FaultPoint.hit("dn.get.midStream");
    }
  }

  private void finishRead() {
    conn.send(FrameCodec.end());
    service.counters.readsServed.increment();
    service.counters.bytesRead.add(to - from);
    done();
    conn.answered();
  }

  private void done() {
    done = true;
    if (channel != null) {
      FileChannel c = channel;
      channel = null;
      service.disk.executeBlocking(() -> {
        c.close();
        return null;
      }, false);
    }
  }

  @Override
  public void rejectHeader(DfsException e) {
    conn.fail(e);
  }

  @Override
  public void onFrame(Frame frame) {
    done();
    conn.onBrokenStream(DfsException.badRequest("GET_BLOCK takes no further frames"));
  }

  @Override
  public void onClosed() {
    done();
  }
}
