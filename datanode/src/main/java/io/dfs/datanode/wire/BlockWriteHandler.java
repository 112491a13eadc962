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
import io.dfs.datanode.store.ChunkedChecksum;
import io.dfs.datanode.wire.Headers.PeerAddress;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;

/**
 * PUT_BLOCK: writes the block to a temp file while piping the same frames to the next node of the
 * pipeline; on END checks length and CRC32C, fsyncs, moves the block into place, and answers ACK
 * only after the downstream node has answered ACK (so an ACK means every node after this one has
 * the block on disk too). The reader is paused whenever the file or the downstream socket has a
 * full write queue, so a slow disk or a slow peer slows the sender instead of growing the heap.
 *
 * <p>On any failure the temp file is removed, an ERROR is sent at once, and the rest of the
 * request's frames up to END are read and dropped so the connection can carry the next request.
 */
final class BlockWriteHandler implements BlockConnection.Handler {
  private final BlockConnection conn;
  private final BlockService service;
  private String blockId;
  private long length;
  private int expectedCrc;
  private ChunkedChecksum checksum;
  private Path temp;
  private AsyncFile file;
  private Downstream downstream;
  /** Set when the block is already stored with the same bytes: the frames are read and dropped. */
  private BlockInfo duplicate;
  private boolean failed;
  private boolean errorSent;
  private boolean ended;

  BlockWriteHandler(BlockConnection conn, BlockService service) {
    this.conn = conn;
    this.service = service;
  }

  @Override
  public void start(JsonObject header) {
    List<PeerAddress> pipeline;
    try {
      blockId = BlockIds.require(header.getValue("blockId"));
      length = Headers.number(header, "length", 1, service.config().maxBlockBytes(), null);
      expectedCrc = (int) Headers.number(header, "crc32c", 0, Headers.MAX_CRC, null);
      pipeline = Headers.pipeline(header);
    } catch (DfsException e) {
      fail(e);
      return;
    }
    checksum = new ChunkedChecksum(length);
    RequestAuth.check(service.verifier(), header, Roles.USER, Roles.ADMIN, Roles.DATANODE)
        .compose(p -> prepare(pipeline))
        .onSuccess(v -> {
          if (!failed) {
            conn.resume();
          }
        })
        .onFailure(this::fail);
  }

  private Future<Void> prepare(List<PeerAddress> pipeline) {
    BlockInfo existing = service.store().info(blockId);
    if (existing != null) {
      if (existing.length() != length || existing.crc32c() != expectedCrc) {
        return Future.failedFuture(new DfsException(ErrorCode.CONFLICT,
            "block " + blockId + " is already stored with other content"));
      }
      duplicate = existing;
      return Future.succeededFuture();
    }
    temp = service.store().newTempFile(blockId);
    Future<AsyncFile> opened = service.vertx().fileSystem()
        .open(temp.toString(), new OpenOptions().setWrite(true).setCreateNew(true).setRead(false))
        .onSuccess(f -> file = f);
    Future<Void> peer = pipeline.isEmpty() ? Future.succeededFuture() : openDownstream(pipeline);
    return Future.all(opened, peer).mapEmpty();
  }

  private Future<Void> openDownstream(List<PeerAddress> pipeline) {
    return service.serviceTokens().token().compose(token -> {
      JsonObject next = new JsonObject()
          .put("v", VERSION)
          .put("blockId", blockId)
          .put("length", length)
          .put("crc32c", Crc32c.unsigned(expectedCrc))
          .put("auth", token)
          .put("blockToken", (String) null)
          .put("pipeline", new JsonArray(pipeline.subList(1, pipeline.size()).stream().map(PeerAddress::toJson).toList()));
      return Downstream.open(service.vertx(), service.peers(), pipeline.get(0), next);
    }).map(d -> {
      downstream = d;
      // A replica that refuses or drops mid-stream fails this write at once.
      d.ack().onFailure(this::fail);
      return null;
    });
  }

  @Override
  public void onFrame(Frame frame) {
    if (frame.is(TYPE_END)) {
      onEnd();
    } else if (frame.is(TYPE_DATA)) {
      if (!failed) {
        onData(frame);
      }
    } else {
      if (!failed) {
        failed = true;
        release();
      }
      conn.onBrokenStream(DfsException.badRequest("PUT_BLOCK interrupted by " + frame));
    }
  }

  private void onData(Frame frame) {
    Buffer bytes;
    try {
      bytes = FrameCodec.dataBytes(frame);
    } catch (DfsException e) {
      fail(e);
      return;
    }
    if (checksum.total() + bytes.length() > length) {
      fail(new DfsException(ErrorCode.LENGTH_MISMATCH, "more bytes than the declared " + length));
      return;
    }
    checksum.update(bytes);
    if (duplicate != null) {
      return;
    }
    file.write(bytes).onFailure(this::failWrite);
    if (downstream != null) {
      downstream.write(FrameCodec.encode(frame));
    }
    applyBackpressure();
  }

  private void applyBackpressure() {
    boolean fileFull = file.writeQueueFull();
    boolean peerFull = downstream != null && downstream.writeQueueFull();
    if (!fileFull && !peerFull) {
      return;
    }
    conn.pause();
    if (fileFull) {
      file.drainHandler(v -> resumeIfDrained());
    }
    if (peerFull) {
      downstream.drainHandler(v -> resumeIfDrained());
    }
  }

  private void resumeIfDrained() {
    if (failed || ended) {
      return;
    }
    if (!file.writeQueueFull() && (downstream == null || !downstream.writeQueueFull())) {
      conn.resume();
    }
  }

  private void failWrite(Throwable e) {
    String message = String.valueOf(e.getMessage());
    ErrorCode code = message.contains("No space left") ? ErrorCode.NO_SPACE : ErrorCode.INTERNAL;
    fail(new DfsException(code, code == ErrorCode.NO_SPACE ? "no space left on node " + service.nodeId()
        : "cannot write block", e));
  }

  private void onEnd() {
    ended = true;
    if (failed) {
      if (errorSent) {
        conn.finished();
      }
      return;
    }
    if (checksum.total() != length) {
      fail(new DfsException(ErrorCode.LENGTH_MISMATCH, "got " + checksum.total() + " of " + length + " bytes"));
      return;
    }
    if (checksum.crc32c() != expectedCrc) {
      fail(new DfsException(ErrorCode.CHECKSUM_MISMATCH, "block " + blockId + " does not match its CRC32C"));
      return;
    }
    if (duplicate != null) {
      conn.succeed(ack(new JsonArray().add(service.nodeId())));
      return;
    }
    BlockMeta meta = checksum.finish();
    Future<Void> durable = service.config().fsync() ? file.flush() : Future.succeededFuture();
    durable
        .compose(v -> {
          AsyncFile written = file;
          file = null;
          return written.close();
        })
        .compose(v -> service.disk().executeBlocking(() -> service.store().commit(blockId, temp, meta), false))
        .compose(info -> {
          temp = null;
          service.events().received(info);
          return downstream == null ? Future.succeededFuture(new JsonArray())
              : downstream.endAndAwaitAck().map(a -> a.getJsonArray("nodes", new JsonArray()));
        })
        .onSuccess(nodes -> {
          if (!failed) {
            JsonArray all = new JsonArray().add(service.nodeId());
            nodes.forEach(all::add);
            conn.succeed(ack(all));
          }
        })
        .onFailure(this::fail);
  }

  private JsonObject ack(JsonArray nodes) {
    return new JsonObject().put("blockId", blockId).put("length", length)
        .put("crc32c", Crc32c.unsigned(expectedCrc)).put("nodes", nodes);
  }

  private void fail(Throwable failure) {
    if (failed) {
      return;
    }
    failed = true;
    if (!ended) {
      // Keep reading (and dropping) this request's frames up to its END.
      conn.resume();
    }
    // Answer only once the temp file is gone, so an ERROR means nothing of this write remains.
    release().onComplete(v -> {
      conn.sendError(failure);
      errorSent = true;
      if (ended) {
        conn.finished();
      }
    });
  }

  private Future<Void> release() {
    if (downstream != null) {
      downstream.close();
    }
    AsyncFile f = file;
    Path t = temp;
    file = null;
    temp = null;
    Future<Void> closed = f == null ? Future.succeededFuture() : f.close().recover(e -> Future.succeededFuture());
    if (t == null) {
      return closed;
    }
    return closed.compose(v -> service.disk().executeBlocking(() -> {
      service.store().discardTemp(t);
      return null;
    }, false));
  }

  @Override
  public void rejectHeader(DfsException e) {
    fail(e);
  }

  @Override
  public void onClosed() {
    if (!failed) {
      failed = true;
      release();
    }
  }
}
