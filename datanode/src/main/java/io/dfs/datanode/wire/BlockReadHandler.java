package io.dfs.datanode.wire;

import static io.dfs.common.wire.BlockProtocol.*;

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
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.json.JsonObject;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
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
 * <p>Over plain TCP the bytes never enter the heap: {@link ChunkCheck} checks 1 MiB of chunks at a
 * time on the disk pool, through a direct buffer, and each frame's bytes then go from the page
 * cache to the socket with {@code sendfile} between a 5-byte prefix and the recorded CRC32C. The
 * next 1 MiB is checked while this one is sent, and sent only once this one is out, so a slow
 * reader holds at most 2 MiB of file ranges in the socket's queue. Over TLS the bytes must be
 * encrypted in the process: one chunk is read into the heap at a time, and the next only once the
 * socket's write queue has room.
 */
final class BlockReadHandler implements BlockConnection.Handler {
  private static final Logger LOG = LoggerFactory.getLogger(BlockReadHandler.class);

  private final BlockConnection conn;
  private final BlockService service;
  private String blockId;
  private BlockMeta meta;
  private AsyncFile file;
  /** The block file of a plain-TCP read, shared by every range sent. */
  private FileChannel channel;
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
          return open(info);
        })
        .onSuccess(info -> {
          if (conn.closed()) {
            done();
            return;
          }
          conn.send(FrameCodec.json(TYPE_ACK, new JsonObject().put("blockId", blockId).put("offset", from)
              .put("length", to - from).put("crc32c", Crc32c.unsigned(info.crc32c()))));
          int first = (int) (from / BlockMeta.CHUNK_BYTES);
          if (channel != null) {
            sendBatch(first, Future.succeededFuture());
          } else {
            sendChunk(first);
          }
        })
        .onFailure(e -> {
          done();
          if (!conn.closed()) {
            conn.fail(e);
          }
        });
  }

  private Future<BlockInfo> open(BlockInfo info) {
    return service.disk.executeBlocking(() -> service.store.readMeta(blockId), false)
        .recover(e -> {
          if (!service.store.contains(blockId)) {
            return Future.failedFuture(DfsException.notFound("block " + blockId + " is gone from node " + service.nodeId));
          }
          return Future.failedFuture(corrupt("its checksums are unreadable (" + e.getMessage() + ")"));
        })
        .compose(m -> {
          if (m.length() != info.length() || m.crc32c() != info.crc32c()) {
            return Future.failedFuture(corrupt("its checksums do not match the stored block"));
          }
          meta = m;
          return openFile()
              .recover(e -> {
                service.quarantine(blockId);
                return Future.failedFuture(DfsException.notFound("block " + blockId + " is gone from node "
                    + service.nodeId));
              });
        })
        .map(info);
  }

  private Future<Void> openFile() {
    Path path = service.store.blockFile(blockId);
    if (service.config.tls() == null) {
      return service.disk.executeBlocking(() -> FileChannel.open(path, StandardOpenOption.READ), false)
          .map(c -> {
            channel = c;
            return null;
          });
    }
    return service.vertx.fileSystem().open(path.toString(),
            new OpenOptions().setRead(true).setWrite(false).setCreate(false))
        .map(f -> {
          file = f;
          return null;
        });
  }

  private DfsException corrupt(String why) {
    service.counters.corruptReads.increment();
    LOG.warn("event=corrupt_replica node={} blockId={} reason=\"{}\"", service.nodeId, blockId, why);
    // Out of service at once, so no reader or copy meets it again; meta hears it is gone.
    service.quarantine(blockId);
    return new DfsException(ErrorCode.CORRUPT, "replica of block " + blockId + " on node " + service.nodeId
        + " is corrupt: " + why);
  }

  private void sendChunk(int chunk) {
    if (done) {
      return;
    }
    long chunkStart = (long) chunk * BlockMeta.CHUNK_BYTES;
    if (chunkStart >= to) {
      finishRead();
      return;
    }
    int chunkLen = meta.chunkLength(chunk);
    file.read(Buffer.buffer(chunkLen), 0, chunkStart, chunkLen).onComplete(ar -> {
      if (done) {
        return;
      }
      if (ar.failed() || ar.result().length() != chunkLen || Crc32c.of(ar.result()) != meta.chunkCrcs()[chunk]) {
        String why = ar.failed() ? "read failed: " + ar.cause().getMessage()
            : "chunk " + chunk + " fails its CRC32C";
        DfsException e = corrupt(why);
        done();
        conn.fail(e);
        return;
      }
      Buffer bytes = ar.result();
      int sliceFrom = (int) (Math.max(from, chunkStart) - chunkStart);
      int sliceTo = (int) (Math.min(to, chunkStart + chunkLen) - chunkStart);
      if (sliceTo > sliceFrom) {
        conn.send(FrameCodec.data(bytes, sliceFrom, sliceTo));
      }
      passMidpoint(chunkStart + sliceTo);
      if (conn.socket().writeQueueFull()) {
        conn.socket().drainHandler(v -> {
          conn.socket().drainHandler(null);
          sendChunk(chunk + 1);
        });
      } else {
        sendChunk(chunk + 1);
      }
    });
  }

  /**
   * Checks chunks {@code first..} (a batch) while the previous batch is still being sent, then sends
   * them once it is out.
   */
  private void sendBatch(int first, Future<Void> previousSent) {
    if (done) {
      return;
    }
    long batchStart = (long) first * BlockMeta.CHUNK_BYTES;
    if (batchStart >= to) {
      previousSent.onComplete(ar -> {
        if (ar.succeeded() && !done) {
          finishRead();
        }
      });
      return;
    }
    int lastChunk = (int) ((to + BlockMeta.CHUNK_BYTES - 1) / BlockMeta.CHUNK_BYTES);
    int end = Math.min(first + ChunkCheck.BATCH_CHUNKS, lastChunk);
    FileChannel ch = channel;
    Future<ChunkCheck.Result> checked = service.disk.executeBlocking(
        () -> ChunkCheck.run(ch, meta, first, end, from, to), false);
    Future.all(checked, previousSent).onComplete(ar -> {
      if (done) {
        return;
      }
      if (previousSent.failed()) {
        // The connection is gone; its close handler ends the read.
        return;
      }
      if (checked.failed()) {
        failCorrupt("read failed: " + checked.cause().getMessage(), Future.succeededFuture());
        return;
      }
      ChunkCheck.Result result = checked.result();
      Future<Void> sent = Future.succeededFuture();
      for (int i = 0; i < result.frameCrcs().length; i++) {
        sent = sendRange(first + i, result.frameCrcs()[i], sent);
      }
      if (!result.clean()) {
        failCorrupt(result.failure(), sent);
        return;
      }
      sendBatch(end, sent);
    });
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
    if (file != null) {
      file.close();
      file = null;
    }
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
