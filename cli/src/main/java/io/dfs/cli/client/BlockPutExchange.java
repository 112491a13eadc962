package io.dfs.cli.client;

import io.dfs.common.error.DfsException;
import io.dfs.common.error.ErrorCode;
import io.dfs.common.wire.BlockConnectionPool;
import io.dfs.common.wire.BlockProtocol;
import io.dfs.common.wire.Frame;
import io.dfs.common.wire.FrameCodec;
import io.vertx.core.json.JsonObject;

/**
 * PUT_BLOCK: the header, then the block's bytes in DATA frames of up to 64 KiB, then END; the
 * answer is the primary's ACK once every node of the pipeline holds the block, or an ERROR.
 *
 * <p>Backpressure: the next batch of frames is read from the source only after the previous one was
 * queued and the socket's write queue has room, so at most one batch plus the socket's queue is in
 * memory.
 * An ERROR that arrives mid-stream stops the sending at once.
 */
final class BlockPutExchange extends BlockExchange<JsonObject> {
  private final BlockPut put;
  private final BlockSource source;
  private final String auth;
  private boolean sentAll;

  BlockPutExchange(BlockConnectionPool.Lease connection, NodeAddress node, long ioTimeoutMs, BlockPut put, BlockSource source,
      String auth) {
    super(connection, node, ioTimeoutMs);
    this.put = put;
    this.source = source;
    this.auth = auth;
  }

  @Override
  protected String what() {
    return "block " + put.blockId();
  }

  @Override
  protected void start() {
    if (source.length() != put.length()) {
      throw new IllegalArgumentException("source has " + source.length() + " bytes, header says " + put.length());
    }
    send(FrameCodec.json(BlockProtocol.TYPE_PUT_BLOCK, put.header(auth)));
    sendFrom(0);
  }

  private void sendFrom(long position) {
    if (done()) {
      return;
    }
    if (position == put.length()) {
      sentAll = true;
      send(FrameCodec.end());
      return;
    }
    int n = (int) Math.min(source.batchBytes(), put.length() - position);
    source.frames(position, n).onComplete(ar -> {
      if (done()) {
        return;
      }
      if (ar.failed()) {
        fail(ar.cause());
        return;
      }
      send(ar.result());
      if (socket.writeQueueFull()) {
        socket.drainHandler(v -> {
          socket.drainHandler(null);
          progressed();
          sendFrom(position + n);
        });
      } else {
        sendFrom(position + n);
      }
    });
  }

  @Override
  protected void onFrame(Frame frame) {
    if (frame.is(BlockProtocol.TYPE_ERROR)) {
      fail(refused(frame));
    } else if (frame.is(BlockProtocol.TYPE_ACK)) {
      if (!sentAll) {
        throw new DfsException(ErrorCode.INTERNAL, node + " acknowledged " + what() + " before it was sent");
      }
      JsonObject ack = FrameCodec.header(frame);
      Object acked = ack.getValue("blockId");
      if (acked != null && !put.blockId().equals(acked)) {
        throw new DfsException(ErrorCode.INTERNAL, node + " acknowledged block " + acked + " instead of "
            + put.blockId());
      }
      succeed(ack);
    } else {
      throw unexpected(frame);
    }
  }
}
