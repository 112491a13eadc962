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
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.List;

/**
 * GET_BLOCK {@code {"blockId","offset","length","auth","blockToken"}} ({@code offset} defaults to 0;
 * {@code length} 0 or absent means to the end of the block). Answers ACK
 * {@code {"blockId","offset","length","crc32c"}} ({@code crc32c} of the whole stored block), then
 * the range in DATA frames of at most 64 KiB, then END.
 *
 * <p>Reads are positional and aligned to the stored 64 KiB checksum chunks, so every byte sent has
 * just been checked against the CRC32C recorded when it was written; a chunk that fails is never
 * sent, an ERROR {@code corrupt} goes in its place. One chunk is in memory at a time, and the next
 * is read only once the socket's write queue has room.
 */
final class BlockReadHandler implements BlockConnection.Handler {
  private static final Logger LOG = LoggerFactory.getLogger(BlockReadHandler.class);

  private final BlockConnection conn;
  private final BlockService service;
  private String blockId;
  private BlockMeta meta;
  private AsyncFile file;
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
          sendChunk((int) (from / BlockMeta.CHUNK_BYTES));
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
          return service.vertx.fileSystem().open(service.store.blockFile(blockId).toString(),
              new OpenOptions().setRead(true).setWrite(false).setCreate(false))
              .recover(e -> {
                service.quarantine(blockId);
                return Future.failedFuture(DfsException.notFound("block " + blockId + " is gone from node "
                    + service.nodeId));
              });
        })
        .map(f -> {
          file = f;
          return info;
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
      if (!midpointPassed && (chunkStart + sliceTo - from) * 2 >= to - from) {
        midpointPassed = true;
        FaultPoint.hit("dn.get.midStream");
      }
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
