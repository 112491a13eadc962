package io.dfs.meta.gc;

import io.dfs.common.error.DfsException;
import io.dfs.common.error.ErrorCode;
import io.dfs.common.wire.BlockProtocol;
import io.dfs.common.wire.Frame;
import io.dfs.common.wire.FrameCodec;
import io.dfs.common.wire.FrameReader;
import io.dfs.meta.placement.NodeAddress;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Sends one DELETE_BLOCKS request over the block protocol: connect, send the header frame
 * {@code {"v","blockIds","auth"}}, read one answer frame, close. Succeeds on ACK; fails with the
 * node's ERROR, on a bad answer, a dropped connection or a timeout.
 */
final class BlockDeleteClient {
  /** Block ids per request: keeps the header (ids plus meta's token) well under its 16 KiB bound. */
  static final int MAX_IDS_PER_REQUEST = 256;
  static final long ANSWER_TIMEOUT_MS = 10_000;

  private final NetClient client;

  BlockDeleteClient(NetClient client) {
    this.client = client;
  }

  /** Asks {@code node} to delete {@code blockIds} (at most {@link #MAX_IDS_PER_REQUEST}). */
  Future<Void> delete(NodeAddress node, List<String> blockIds, String token) {
    if (blockIds.size() > MAX_IDS_PER_REQUEST) {
      throw new IllegalArgumentException("at most " + MAX_IDS_PER_REQUEST + " ids per request");
    }
    JsonObject header = new JsonObject()
        .put("v", BlockProtocol.VERSION)
        .put("blockIds", new JsonArray(List.copyOf(blockIds)))
        .put("auth", token);
    return client.connect(node.port(), node.host())
        .compose(socket -> exchange(socket, header)
            .eventually(() -> socket.close()))
        .compose(frame -> {
          if (frame.is(BlockProtocol.TYPE_ACK)) {
            return Future.<Void>succeededFuture();
          }
          if (frame.is(BlockProtocol.TYPE_ERROR)) {
            return Future.<Void>failedFuture(FrameCodec.toException(frame));
          }
          return Future.<Void>failedFuture(new DfsException(ErrorCode.INTERNAL,
              "node answered DELETE_BLOCKS with " + frame));
        });
  }

  private static Future<Frame> exchange(NetSocket socket, JsonObject header) {
    Promise<Frame> answer = Promise.promise();
    FrameReader reader = FrameReader.over(socket);
    reader.exceptionHandler(answer::tryFail);
    reader.handler(answer::tryComplete);
    socket.closeHandler(v -> answer.tryFail(new DfsException(ErrorCode.UNAVAILABLE, "connection closed before an answer")));
    socket.write(FrameCodec.json(BlockProtocol.TYPE_DELETE_BLOCKS, header)).onFailure(answer::tryFail);
    return answer.future().timeout(ANSWER_TIMEOUT_MS, TimeUnit.MILLISECONDS);
  }
}
