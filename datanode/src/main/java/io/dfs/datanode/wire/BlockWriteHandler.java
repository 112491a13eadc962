package io.dfs.datanode.wire;

import static io.dfs.common.wire.BlockProtocol.*;

import io.dfs.common.error.DfsException;
import io.dfs.common.error.ErrorCode;
import io.dfs.common.error.NodeFailure;
import io.dfs.common.fault.FaultPoint;
import io.dfs.common.ids.BlockIds;
import io.dfs.common.security.BlockOp;
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
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PUT_BLOCK {@code {"blockId","length","crc32c","auth","blockToken","pipeline":[{"node","host","port"}]}}.
 * {@code pipeline} lists the nodes after this one, in order; this node forwards the block to the
 * first of them with the rest of the list and the caller's own token.
 *
 * <p>Each DATA frame is checked against its CRC32C, added to the running whole-block and per-chunk
 * CRC32Cs, written to a temp file and forwarded unchanged downstream. The reader is paused whenever
 * the file's or the downstream socket's write queue is full and resumed only once both have room,
 * so a slow disk or a slow peer slows the sender instead of growing the heap. On END the length and
 * whole-block CRC32C are checked, END is forwarded, the file is fsynced and committed into the
 * store, and the answer is ACK {@code {"blockId","length","crc32c","nodes"}} (this node, then the
 * nodes of the downstream ACK) once the downstream node has answered ACK.
 *
 * <p>A block already stored with the same length and CRC32C is a retry: its frames are checked and
 * forwarded down the pipeline as usual but not written again, so a client that retries a block on
 * the remaining nodes of its pipeline ends with every one of them holding it. With other content
 * the answer is ERROR {@code conflict}.
 *
 * <p>The length is reserved in {@link io.dfs.datanode.store.Space} before the temp file exists; a
 * block that does not fit is refused with {@code no_space}. Every ERROR says which node failed
 * ({@code "node"}): this one for its own disk, the downstream node that dropped, stalled or refused.
 * Forwarded headers carry {@code "hop"} (1 for the first replica after the primary) and keep
 * {@code "copy"} (a re-replication), which only select crash points.
 *
 * <p>On any failure the temp file is removed before the ERROR goes out; the rest of the request's
 * frames, up to its END, are then read and dropped so the connection can carry the next request.
 * Only a failure of the downstream node after this node has committed leaves its copy in place: it
 * is whole and verified, and meta counts or removes it like any other.
 */
final class BlockWriteHandler implements BlockConnection.Handler {
  private static final Logger LOG = LoggerFactory.getLogger(BlockWriteHandler.class);
  private enum State {
    /** Checking the token and opening the downstream connection; reader paused. */
    PREPARING,
    /** Taking DATA frames. */
    RECEIVING,
    /** END seen: fsync, commit, wait for downstream; reader paused. */
    COMMITTING,
    /** Failed: ERROR sent or being sent; dropping frames up to END. */
    DRAINING,
    /** Answered, or the connection is gone. */
    DONE
  }

  private final BlockConnection conn;
  private final BlockService service;
  private State state = State.PREPARING;
  private boolean connectionClosed;
  private boolean slotHeld;
  private long reservedBytes;
  private int hop;
  private boolean copy;
  private boolean midpointPassed;
  private boolean endSeen;
  private boolean cleanedUp;
  private String blockId;
  private long length;
  private int expectedCrc;
  private ChunkedChecksum checksum;
  private boolean duplicate;
  private Path temp;
  private TempBlockFile file;
  private Downstream downstream;
  /** A downstream refusal that came while this node was still preparing. */
  private Throwable earlyFailure;

  BlockWriteHandler(BlockConnection conn, BlockService service) {
    this.conn = conn;
    this.service = service;
  }

  /** What a PUT_BLOCK carries besides the block's identity: the caller's token goes down the pipe. */
  private record Request(String auth, String blockToken, List<PeerAddress> pipeline) {}

  @Override
  public void start(JsonObject header) {
    RequestAuth.caller(service, conn, header, TYPE_PUT_BLOCK, Roles.USER, Roles.ADMIN, Roles.DATANODE)
        .compose(caller -> {
          Request request = parse(header);
          if (copy && !caller.hasRole(Roles.DATANODE)) {
            return Future.failedFuture(DfsException.forbidden("only a data node may send a re-replication copy"));
          }
          // A copy travels on meta's replicate order; anything else on a write grant.
          BlockOp op = copy ? BlockOp.REPLICATE : BlockOp.WRITE;
          return RequestAuth.grant(service, conn, header, caller, op, List.of(blockId)).map(request);
        })
        .compose(this::prepare)
        .onSuccess(v -> {
          if (state == State.PREPARING && earlyFailure != null) {
            fail(earlyFailure);
          } else if (state == State.PREPARING) {
            state = State.RECEIVING;
            conn.resume();
          } else if (connectionClosed) {
            cleanup();
          }
        })
        .onFailure(this::fail);
  }

  private Request parse(JsonObject header) {
    blockId = BlockIds.require(header.getValue("blockId"));
    length = Headers.number(header, "length", Long.MIN_VALUE, Long.MAX_VALUE, null);
    if (length <= 0) {
      throw DfsException.badRequest("'length' must be positive, not " + length);
    }
    if (length > service.config.maxBlockBytes()) {
      throw new DfsException(ErrorCode.TOO_LARGE, "block of " + length + " bytes is over this node's limit of "
          + service.config.maxBlockBytes());
    }
    expectedCrc = (int) Headers.number(header, "crc32c", 0, Headers.MAX_CRC, null);
    hop = (int) Headers.number(header, "hop", 0, Headers.MAX_PIPELINE, 0L);
    copy = Boolean.TRUE.equals(header.getValue("copy"));
    String blockToken = Headers.optionalString(header, "blockToken");
    List<PeerAddress> pipeline = Headers.pipeline(header, service.nodeId);
    checksum = new ChunkedChecksum(length);
    return new Request(Headers.optionalString(header, "auth"), blockToken, pipeline);
  }

  private Future<Void> prepare(Request request) {
    if (state != State.PREPARING) {
      return Future.failedFuture(DfsException.badRequest("connection closed"));
    }
    if (!service.writeSlots.tryAcquire()) {
      return Future.failedFuture(new DfsException(ErrorCode.BUSY, "node " + service.nodeId + " has "
          + BlockService.MAX_CONCURRENT_WRITES + " block writes in progress; retry later"));
    }
    slotHeld = true;
    BlockInfo existing = service.store.info(blockId);
    if (existing != null) {
      if (existing.length() != length || existing.crc32c() != expectedCrc) {
        return Future.failedFuture(new DfsException(ErrorCode.CONFLICT,
            "block " + blockId + " is already stored on " + service.nodeId + " with other content"));
      }
      duplicate = true;
      return request.pipeline().isEmpty() ? Future.succeededFuture()
          : openDownstream(request).map(d -> downstream = d).mapEmpty();
    }
    if (!service.space.tryReserve(length)) {
      service.counters.writesRefusedNoSpace.increment();
      return Future.failedFuture(noSpace());
    }
    reservedBytes = length;
    temp = service.store.newTempFile(blockId);
    file = new TempBlockFile(service.disk, temp, service.store.directAlignment(length));
    return request.pipeline().isEmpty() ? Future.succeededFuture()
        : openDownstream(request).map(d -> downstream = d).mapEmpty();
  }

  private Future<Downstream> openDownstream(Request request) {
    List<PeerAddress> pipeline = request.pipeline();
    // The hop carries the caller's own (already verified) token, never this node's: the pipeline
    // is the caller's to name, so a node token sent down it could be handed to anyone.
    return Future.succeededFuture(request.auth())
        .compose(token -> {
          JsonObject next = new JsonObject()
              .put("v", VERSION)
              .put("blockId", blockId)
              .put("length", length)
              .put("crc32c", Crc32c.unsigned(expectedCrc))
              .put("auth", token)
              .put("blockToken", request.blockToken())
              .put("pipeline", PeerAddress.toJson(pipeline.subList(1, pipeline.size())))
              .put("hop", hop + 1)
              .put("copy", copy);
          return Downstream.open(service.vertx, service.peers, pipeline.get(0), next,
              Downstream.patienceMs(service.config.peerTimeout(), pipeline.size()));
        })
        .onSuccess(d -> d.ack().onFailure(e -> {
          // A replica that refuses or drops while bytes flow fails the write at once. After END the
          // commit path waits for the same answer itself.
          if (state == State.RECEIVING) {
            fail(e);
          } else if (state == State.PREPARING) {
            earlyFailure = e;
          }
        }));
  }

  @Override
  public void onFrame(Frame frame) {
    switch (state) {
      case RECEIVING -> {
        if (frame.is(TYPE_DATA)) {
          onData(frame);
        } else if (frame.is(TYPE_END)) {
          onEnd();
        } else {
          broken(frame);
        }
      }
      case DRAINING -> {
        if (frame.is(TYPE_END)) {
          endSeen = true;
          if (cleanedUp) {
            finish();
          } else {
            conn.pause();
          }
        } else if (!frame.is(TYPE_DATA)) {
          broken(frame);
        }
      }
      default -> broken(frame);
    }
  }

  private void broken(Frame frame) {
    connectionClosed = true;
    state = State.DONE;
    releaseSlot();
    cleanup();
    conn.onBrokenStream(DfsException.badRequest("PUT_BLOCK body interrupted by " + frame));
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
    if (!midpointPassed && checksum.total() * 2 >= length) {
      midpointPassed = true;
      FaultPoint.hit(copy ? "dn.copy.recv.mid" : hop == 0 ? "dn.put.midStream" : "dn.replica.midStream");
    }
    if (!duplicate) {
      file.append(bytes).onFailure(this::failWrite);
    }
    if (downstream != null) {
      downstream.write(FrameCodec.encode(frame));
    }
    applyBackpressure();
  }

  private void applyBackpressure() {
    boolean fileFull = file != null && file.writeQueueFull();
    boolean peerFull = downstream != null && downstream.writeQueueFull();
    if (!fileFull && !peerFull) {
      return;
    }
    conn.pause();
    service.counters.writePauses.increment();
    if (fileFull) {
      file.drainHandler(v -> resumeIfDrained());
    }
    if (peerFull) {
      downstream.drainHandler(v -> resumeIfDrained());
    }
  }

  private void resumeIfDrained() {
    if (state != State.RECEIVING) {
      return;
    }
    if ((file == null || !file.writeQueueFull()) && (downstream == null || !downstream.writeQueueFull())) {
      if (file != null) {
        file.drainHandler(null);
      }
      if (downstream != null) {
        downstream.drainHandler(null);
      }
      conn.resume();
    }
  }

  private void failWrite(Throwable e) {
    String message = String.valueOf(e.getMessage());
    if (message.contains("No space left")) {
      service.counters.writesRefusedNoSpace.increment();
      fail(noSpace());
    } else {
      LOG.error("event=block_write_failed node={} blockId={}", service.nodeId, blockId, e);
      fail(new NodeFailure(ErrorCode.INTERNAL, service.nodeId, "node " + service.nodeId + " cannot write block "
          + blockId + ": " + message));
    }
  }

  private NodeFailure noSpace() {
    return new NodeFailure(ErrorCode.NO_SPACE, service.nodeId, "no space left on node " + service.nodeId
        + " for a block of " + length + " bytes");
  }

  private void onEnd() {
    if (checksum.total() != length) {
      endSeen = true;
      fail(new DfsException(ErrorCode.LENGTH_MISMATCH, "got " + checksum.total() + " of the declared "
          + length + " bytes"));
      return;
    }
    if (checksum.crc32c() != expectedCrc) {
      endSeen = true;
      fail(new DfsException(ErrorCode.CHECKSUM_MISMATCH, "block " + blockId + " does not match its CRC32C"));
      return;
    }
    state = State.COMMITTING;
    endSeen = true;
    conn.pause();
    if (duplicate) {
      if (downstream == null) {
        succeed(new JsonArray());
        return;
      }
      downstream.end();
      downstream.ack().map(ack -> Downstream.nodesOf(ack, downstream.peer()))
          .onSuccess(this::succeed)
          .onFailure(this::fail);
      return;
    }
    if (downstream != null) {
      // The next node fsyncs while this one does.
      downstream.end();
    }
    BlockMeta meta = checksum.finish();
    TempBlockFile written = file;
    file = null;
    Path t = temp;
    // One sync, after every queued write has landed, covers them all.
    written.closeThen(service.store.syncs(), () -> service.store.commit(blockId, t, meta))
        .recover(e -> Future.failedFuture(e instanceof DfsException ? e : new NodeFailure(ErrorCode.INTERNAL,
            service.nodeId, "node " + service.nodeId + " cannot store block " + blockId + ": " + e.getMessage())))
        .compose(info -> {
          temp = null;
          service.counters.blocksWritten.increment();
          service.counters.bytesWritten.add(length);
          service.events.received(info);
          return downstream == null ? Future.succeededFuture(new JsonArray())
              : downstream.ack().map(ack -> Downstream.nodesOf(ack, downstream.peer()));
        })
        .onSuccess(this::succeed)
        .onFailure(this::fail);
  }

  private void succeed(JsonArray downstreamNodes) {
    if (state != State.COMMITTING) {
      // The connection went away while committing: the block is stored, only the answer is lost.
      cleanup();
      return;
    }
    state = State.DONE;
    releaseSlot();
    cleanup();
    if (connectionClosed) {
      return;
    }
    if (hop == 0 && !copy) {
      FaultPoint.hit("dn.put.beforeClientAck");
    }
    JsonArray nodes = new JsonArray().add(service.nodeId);
    downstreamNodes.forEach(nodes::add);
    conn.succeed(new JsonObject().put("blockId", blockId).put("length", length)
        .put("crc32c", Crc32c.unsigned(expectedCrc)).put("nodes", nodes));
  }

  private void fail(Throwable failure) {
    if (state == State.DONE) {
      // The connection went away while something was still opening: release it.
      cleanup();
      return;
    }
    if (state == State.DRAINING) {
      return;
    }
    boolean receiving = state != State.COMMITTING;
    state = State.DRAINING;
    if (receiving && !endSeen) {
      conn.resume();
    }
    cleanup().onComplete(v -> {
      cleanedUp = true;
      if (connectionClosed) {
        return;
      }
      conn.sendError(failure);
      if (endSeen) {
        finish();
      }
    });
  }

  private void finish() {
    state = State.DONE;
    releaseSlot();
    conn.finished();
  }

  /** Closes the downstream connection and the temp file and removes it; safe to call again. */
  private Future<Void> cleanup() {
    if (downstream != null) {
      downstream.close();
      downstream = null;
    }
    TempBlockFile f = file;
    Path t = temp;
    file = null;
    temp = null;
    Future<Void> closed = f == null ? Future.succeededFuture() : f.close();
    if (t == null) {
      return closed;
    }
    return closed.compose(v -> service.disk.executeBlocking(() -> {
      service.store.discardTemp(t);
      return null;
    }, false));
  }

  private void releaseSlot() {
    if (slotHeld) {
      slotHeld = false;
      service.writeSlots.release();
    }
    if (reservedBytes > 0) {
      service.space.release(reservedBytes);
      reservedBytes = 0;
    }
  }

  @Override
  public void rejectHeader(DfsException e) {
    fail(e);
  }

  @Override
  public void onClosed() {
    connectionClosed = true;
    State was = state;
    state = State.DONE;
    releaseSlot();
    if (was != State.COMMITTING) {
      // While committing, the commit path owns the file; it cleans up when it completes.
      cleanup();
    }
  }
}
