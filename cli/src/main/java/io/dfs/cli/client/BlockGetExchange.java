package io.dfs.cli.client;

import io.dfs.common.error.DfsException;
import io.dfs.common.error.ErrorCode;
import io.dfs.common.wire.BlockConnectionPool;
import io.dfs.common.wire.BlockProtocol;
import io.dfs.common.wire.Crc32c;
import io.dfs.common.wire.Frame;
import io.dfs.common.wire.FrameCodec;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.WriteStream;
import java.util.zip.CRC32C;

/**
 * GET_BLOCK: the answer is an ACK header, DATA frames carrying exactly the requested range, and END
 * (or an ERROR at any point). Each DATA frame's CRC32C is checked as it arrives; the whole block's
 * CRC32C is checked at END when the range is the whole block; the ACK must name the CRC32C meta
 * recorded, so a replica holding other bytes is refused before any are read.
 *
 * <p>Backpressure: while the sink's write queue is full the frame reader is paused, which pauses
 * the socket, so a slow disk slows the node instead of filling the heap.
 */
final class BlockGetExchange extends BlockExchange<Void> {
  private enum State { HEADER, DATA, FINISHING }

  private final BlockGet get;
  private final WriteStream<Buffer> sink;
  private final String auth;
  private final CRC32C crc = new CRC32C();
  private State state = State.HEADER;
  private long received;

  BlockGetExchange(BlockConnectionPool.Lease connection, NodeAddress node, long ioTimeoutMs, BlockGet get, WriteStream<Buffer> sink,
      String auth) {
    super(connection, node, ioTimeoutMs);
    this.get = get;
    this.sink = sink;
    this.auth = auth;
  }

  @Override
  protected String what() {
    return "block " + get.blockId();
  }

  @Override
  protected void start() {
    send(FrameCodec.json(BlockProtocol.TYPE_GET_BLOCK, get.header(auth)));
  }

  @Override
  protected void onFrame(Frame frame) {
    if (frame.is(BlockProtocol.TYPE_ERROR)) {
      fail(refused(frame));
      return;
    }
    switch (state) {
      case HEADER -> onHeader(frame);
      case DATA -> onData(frame);
      case FINISHING -> throw unexpected(frame);
    }
  }

  private void onHeader(Frame frame) {
    if (!frame.is(BlockProtocol.TYPE_ACK)) {
      throw unexpected(frame);
    }
    JsonObject ack = FrameCodec.header(frame);
    Object blockId = ack.getValue("blockId");
    if (blockId != null && !get.blockId().equals(blockId)) {
      throw new DfsException(ErrorCode.INTERNAL, node + " answered with block " + blockId + " instead of "
          + get.blockId());
    }
    if (ack.getValue("length") instanceof Number n && n.longValue() != get.length()) {
      throw new DfsException(ErrorCode.LENGTH_MISMATCH, node + " offers " + n + " bytes of " + what()
          + " instead of " + get.length());
    }
    if (ack.getValue("crc32c") instanceof Number c && c.longValue() != get.blockCrc32c()) {
      throw new DfsException(ErrorCode.CHECKSUM_MISMATCH, node + " holds a different version of " + what()
          + " (CRC32C " + c + ", expected " + get.blockCrc32c() + ")");
    }
    state = State.DATA;
  }

  private void onData(Frame frame) {
    if (frame.is(BlockProtocol.TYPE_END)) {
      finish();
      return;
    }
    if (!frame.is(BlockProtocol.TYPE_DATA)) {
      throw unexpected(frame);
    }
    Buffer bytes;
    try {
      bytes = FrameCodec.dataBytes(frame);
    } catch (DfsException e) {
      throw new DfsException(e.code(), node + " sent a damaged frame of " + what() + ": " + e.getMessage());
    }
    received += bytes.length();
    if (received > get.length()) {
      throw new DfsException(ErrorCode.LENGTH_MISMATCH, node + " sent more than the " + get.length()
          + " bytes asked of " + what());
    }
    Crc32c.update(crc, bytes);
    sink.write(bytes).onFailure(this::fail);
    if (sink.writeQueueFull()) {
      frames.pause();
      sink.drainHandler(v -> {
        sink.drainHandler(null);
        progressed();
        frames.resume();
      });
    }
  }

  private void finish() {
    if (received != get.length()) {
      throw new DfsException(ErrorCode.LENGTH_MISMATCH, node + " sent " + received + " of the " + get.length()
          + " bytes of " + what());
    }
    if (get.wholeBlock() && crc.getValue() != get.blockCrc32c()) {
      throw new DfsException(ErrorCode.CHECKSUM_MISMATCH, "bytes of " + what() + " from " + node
          + " fail the block's CRC32C (got " + crc.getValue() + ", expected " + get.blockCrc32c() + ")");
    }
    state = State.FINISHING;
    answered();
    // The socket is no longer needed; the exchange ends when the sink holds every byte.
    sink.end().onComplete(ar -> {
      if (ar.succeeded()) {
        succeed(null);
      } else {
        fail(ar.cause());
      }
    });
  }
}
