package io.dfs.datanode.wire;

import static io.dfs.common.wire.BlockProtocol.*;

import io.dfs.common.error.DfsException;
import io.dfs.common.error.ErrorCode;
import io.dfs.common.ids.BlockIds;
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

/**
 * GET_BLOCK: answers ACK, then the requested range in DATA frames, then END. Reads go chunk by
 * chunk (64 KiB, aligned to the stored checksums) so every byte sent has just been checked against
 * the CRC32C recorded when it was written; a chunk that fails is never sent, an ERROR
 * {@code corrupt} goes in its place. One chunk is in memory at a time, and the next is read only
 * once the socket's write queue has room.
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
  private boolean closed;

  BlockReadHandler(BlockConnection conn, BlockService service) {
    this.conn = conn;
    this.service = service;
  }

  @Override
  public void start(JsonObject header) {
    long offset;
    long length;
    try {
      blockId = BlockIds.require(header.getValue("blockId"));
      offset = Headers.number(header, "offset", 0, Long.MAX_VALUE, 0L);
      length = Headers.number(header, "length", 0, Long.MAX_VALUE, 0L);
    } catch (DfsException e) {
      conn.fail(e);
      return;
    }
    RequestAuth.check(service.verifier(), header, Roles.USER, Roles.ADMIN, Roles.DATANODE)
        .compose(p -> {
          BlockInfo info = service.store().info(blockId);
          if (info == null) {
            return Future.failedFuture(DfsException.notFound("no block " + blockId + " on this node"));
          }
          long end = length == 0 ? info.length() : offset + length;
          if (offset > info.length() || end > info.length() || end < offset) {
            return Future.failedFuture(DfsException.badRequest("range is outside the block's " + info.length() + " bytes"));
          }
          from = offset;
          to = end;
          return open(info);
        })
        .onSuccess(info -> {
          conn.send(FrameCodec.json(TYPE_ACK, new JsonObject().put("blockId", blockId).put("offset", from)
              .put("length", to - from).put("crc32c", Crc32c.unsigned(info.crc32c()))));
          sendChunk(from / BlockMeta.CHUNK_BYTES);
        })
        .onFailure(conn::fail);
  }

  private Future<BlockInfo> open(BlockInfo info) {
    return service.disk().executeBlocking(() -> service.store().readMeta(blockId), false)
        .recover(e -> Future.failedFuture(new DfsException(ErrorCode.CORRUPT, "block " + blockId + " has no readable checksums")))
        .compose(m -> {
          meta = m;
          return service.vertx().fileSystem().open(service.store().blockFile(blockId).toString(),
              new OpenOptions().setRead(true).setWrite(false).setCreate(false));
        })
        .recover(e -> Future.failedFuture(e instanceof DfsException ? e
            : DfsException.notFound("block " + blockId + " is gone from this node")))
        .map(f -> {
          file = f;
          return info;
        });
  }

  private void sendChunk(long chunk) {
    if (closed) {
      return;
    }
    long chunkStart = chunk * BlockMeta.CHUNK_BYTES;
    if (chunkStart >= to) {
      conn.send(FrameCodec.end());
      done();
      conn.finished();
      return;
    }
    int chunkLen = (int) Math.min(BlockMeta.CHUNK_BYTES, meta.length() - chunkStart);
    file.read(Buffer.buffer(chunkLen), 0, chunkStart, chunkLen).onComplete(ar -> {
      if (closed) {
        return;
      }
      if (ar.failed() || ar.result().length() != chunkLen
          || Crc32c.of(ar.result()) != meta.chunkCrcs()[(int) chunk]) {
        LOG.warn("event=corrupt_replica node={} blockId={} chunk={}", service.nodeId(), blockId, chunk);
        done();
        conn.fail(new DfsException(ErrorCode.CORRUPT, "replica of block " + blockId + " on " + service.nodeId()
            + " fails its checksum"));
        return;
      }
      Buffer bytes = ar.result();
      int sliceFrom = (int) (Math.max(from, chunkStart) - chunkStart);
      int sliceTo = (int) (Math.min(to, chunkStart + chunkLen) - chunkStart);
      if (sliceTo > sliceFrom) {
        conn.send(FrameCodec.data(bytes, sliceFrom, sliceTo));
      }
      if (conn.socket().writeQueueFull()) {
        conn.socket().drainHandler(v -> sendChunk(chunk + 1));
      } else {
        sendChunk(chunk + 1);
      }
    });
  }

  private void done() {
    closed = true;
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
