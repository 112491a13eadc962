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
import io.dfs.datanode.wire.Headers.PeerAddress;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * REPLICATE {@code {"blockId","length","crc32c","targets":[{"node","host","port"}],"auth","blockToken"}}
 * from meta: this node copies a block it holds to the targets, peer to peer, as a PUT_BLOCK chain
 * sent with its own service token, meta's replicate token and {@code "copy": true}. Answers ACK {@code {"blockId","nodes"}}
 * (the targets that now hold the block) once the first target has acknowledged.
 *
 * <p>Every 64 KiB chunk is checked against the CRC32C recorded at write time just before it is
 * sent, so a rotten replica is never spread: on a mismatch (or a missing or short file) the replica
 * is quarantined and reported gone, the target's partial copy is abandoned, and the answer is
 * ERROR {@code corrupt} naming this node. Sending is throttled by the node's shared
 * {@code replicationBytesPerSecond} and held back whenever the target's socket is full; at most
 * {@code replicationStreams} copies run at once, more are answered {@code busy}.
 */
final class BlockCopyHandler implements BlockConnection.Handler {
  private static final Logger LOG = LoggerFactory.getLogger(BlockCopyHandler.class);

  private final BlockConnection conn;
  private final BlockService service;
  private String blockId;
  private long length;
  private int crc;
  private List<PeerAddress> targets;
  private String blockToken;
  private BlockMeta meta;
  private AsyncFile file;
  private Downstream downstream;
  private boolean slotHeld;
  private boolean over;
  private boolean midpointPassed;
  private long startedNanos;

  BlockCopyHandler(BlockConnection conn, BlockService service) {
    this.conn = conn;
    this.service = service;
  }

  @Override
  public void start(JsonObject header) {
    RequestAuth.caller(service, conn, header, TYPE_REPLICATE, Roles.META)
        .compose(caller -> {
          parse(header);
          return RequestAuth.grant(service, conn, header, caller, BlockOp.REPLICATE, List.of(blockId));
        })
        .compose(v -> prepare())
        .compose(v -> service.ownToken.get())
        .compose(this::openTarget)
        .onSuccess(d -> {
          downstream = d;
          if (over) {
            release();
            return;
          }
          startedNanos = System.nanoTime();
          d.ack().onFailure(this::fail);
          sendChunk(0);
        })
        .onFailure(this::fail);
  }

  private Void parse(JsonObject header) {
    blockId = BlockIds.require(header.getValue("blockId"));
    length = Headers.number(header, "length", 1, Long.MAX_VALUE, null);
    crc = (int) Headers.number(header, "crc32c", 0, Headers.MAX_CRC, null);
    JsonObject asPipeline = new JsonObject().put("pipeline", header.getValue("targets"));
    targets = Headers.pipeline(asPipeline, service.nodeId);
    blockToken = Headers.optionalString(header, "blockToken");
    if (targets.isEmpty()) {
      throw DfsException.badRequest("'targets' must name at least one node");
    }
    return null;
  }

  private Future<Void> prepare() {
    BlockInfo info = service.store.info(blockId);
    if (info == null) {
      return Future.failedFuture(new NodeFailure(ErrorCode.NOT_FOUND, service.nodeId,
          "no block " + blockId + " on node " + service.nodeId));
    }
    if (info.length() != length || info.crc32c() != crc) {
      return Future.failedFuture(new NodeFailure(ErrorCode.CONFLICT, service.nodeId,
          "node " + service.nodeId + " holds block " + blockId + " with other content"));
    }
    if (!service.copySlots.tryAcquire()) {
      return Future.failedFuture(new DfsException(ErrorCode.BUSY, "node " + service.nodeId + " is sending "
          + service.config.replicationStreams() + " copies already"));
    }
    slotHeld = true;
    return service.disk.executeBlocking(() -> service.store.readMeta(blockId), false)
        .recover(e -> Future.failedFuture(corrupt("its checksums are unreadable")))
        .compose(m -> {
          if (m.length() != length || m.crc32c() != crc) {
            return Future.failedFuture(corrupt("its checksums do not match the stored block"));
          }
          meta = m;
          return service.vertx.fileSystem().open(service.store.blockFile(blockId).toString(),
                  new OpenOptions().setRead(true).setWrite(false).setCreate(false))
              .recover(e -> Future.failedFuture(corrupt("its data file is gone")));
        })
        .map(f -> {
          file = f;
          return null;
        });
  }

  private Future<Downstream> openTarget(String token) {
    JsonObject put = new JsonObject()
        .put("v", VERSION)
        .put("blockId", blockId)
        .put("length", length)
        .put("crc32c", Crc32c.unsigned(crc))
        .put("auth", token)
        .put("blockToken", blockToken)
        .put("pipeline", PeerAddress.toJson(targets.subList(1, targets.size())))
        .put("copy", true);
    return Downstream.open(service.vertx, service.peers, targets.get(0), put,
        Downstream.patienceMs(service.config.peerTimeout(), targets.size()));
  }

  private NodeFailure corrupt(String why) {
    LOG.warn("event=corrupt_replica node={} blockId={} reason=\"{}\" during=copy", service.nodeId, blockId, why);
    service.quarantine(blockId);
    return new NodeFailure(ErrorCode.CORRUPT, service.nodeId, "replica of block " + blockId + " on node "
        + service.nodeId + " is corrupt: " + why);
  }

  private void sendChunk(int chunk) {
    if (over) {
      return;
    }
    long chunkStart = (long) chunk * BlockMeta.CHUNK_BYTES;
    if (chunkStart >= length) {
      downstream.end();
      downstream.ack().onSuccess(this::succeed);
      return;
    }
    int chunkLen = meta.chunkLength(chunk);
    long wait = service.copyRate.take(chunkLen);
    if (wait > 0) {
      service.vertx.setTimer(wait, t -> readAndSend(chunk, chunkStart, chunkLen));
    } else {
      readAndSend(chunk, chunkStart, chunkLen);
    }
  }

  private void readAndSend(int chunk, long chunkStart, int chunkLen) {
    if (over) {
      return;
    }
    file.read(Buffer.buffer(chunkLen), 0, chunkStart, chunkLen).onComplete(ar -> {
      if (over) {
        return;
      }
      if (ar.failed() || ar.result().length() != chunkLen || Crc32c.of(ar.result()) != meta.chunkCrcs()[chunk]) {
        fail(corrupt(ar.failed() ? "read failed: " + ar.cause().getMessage() : "chunk " + chunk + " fails its CRC32C"));
        return;
      }
      downstream.write(FrameCodec.data(ar.result(), 0, chunkLen));
      if (!midpointPassed && (chunkStart + chunkLen) * 2 >= length) {
        midpointPassed = true;
        FaultPoint.hit("dn.copy.send.mid");
      }
      if (downstream.writeQueueFull()) {
        downstream.drainHandler(v -> {
          downstream.drainHandler(null);
          sendChunk(chunk + 1);
        });
      } else {
        sendChunk(chunk + 1);
      }
    });
  }

  private void succeed(JsonObject ack) {
    if (over) {
      return;
    }
    over = true;
    service.counters.copiesSent.increment();
    service.counters.copyBytesSent.add(length);
    LOG.info("event=block_copied node={} blockId={} to={} bytes={} ms={}", service.nodeId, blockId,
        targets.stream().map(PeerAddress::node).toList(), length, (System.nanoTime() - startedNanos) / 1_000_000);
    release();
    if (!conn.closed()) {
      try {
        conn.succeed(new JsonObject().put("blockId", blockId).put("nodes", Downstream.nodesOf(ack, targets.get(0))));
      } catch (DfsException e) {
        conn.fail(e);
      }
    }
  }

  private void fail(Throwable e) {
    if (over) {
      return;
    }
    over = true;
    release();
    if (!conn.closed()) {
      conn.fail(e);
    }
  }

  /** Drops the target's connection (it discards its partial copy), the file and the slot. */
  private void release() {
    if (downstream != null) {
      downstream.close();
      downstream = null;
    }
    if (file != null) {
      file.close();
      file = null;
    }
    if (slotHeld) {
      slotHeld = false;
      service.copySlots.release();
    }
  }

  @Override
  public void rejectHeader(DfsException e) {
    conn.fail(e);
  }

  @Override
  public void onFrame(Frame frame) {
    over = true;
    release();
    conn.onBrokenStream(DfsException.badRequest("REPLICATE takes no further frames"));
  }

  @Override
  public void onClosed() {
    // Meta gave up (its timeout) or went away: stop sending.
    over = true;
    release();
  }
}
