package io.dfs.meta.nodecalls;

import io.dfs.common.error.DfsException;
import io.dfs.common.error.ErrorCode;
import io.dfs.common.error.NodeFailure;
import io.dfs.common.wire.BlockProtocol;
import io.dfs.common.wire.Frame;
import io.dfs.common.wire.FrameCodec;
import io.dfs.common.wire.FrameReader;
import io.dfs.meta.placement.NodeAddress;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.util.concurrent.TimeUnit;

/**
 * One request meta sends a data node over the block protocol, answered by exactly one frame:
 * connect, send the header frame, read the answer, close. Succeeds with the ACK's JSON; fails with
 * the node's ERROR as it is (a {@link NodeFailure} if it names a node), or with UNAVAILABLE naming
 * the node if it cannot be reached, hangs up, answers out of protocol or not within the timeout.
 */
public final class NodeRequest {
  private NodeRequest() {}

  public static Future<JsonObject> send(NetClient client, NodeAddress node, byte type, JsonObject header,
      long timeoutMs) {
    return client.connect(node.port(), node.host())
        .recover(e -> Future.failedFuture(unavailable(node, "cannot be reached: " + e.getMessage())))
        .compose(socket -> exchange(socket, node, type, header)
            .timeout(timeoutMs, TimeUnit.MILLISECONDS)
            .recover(e -> Future.failedFuture(e instanceof DfsException ? e
                : unavailable(node, "did not answer within " + timeoutMs + " ms")))
            .eventually(socket::close))
        .compose(frame -> {
          if (frame.is(BlockProtocol.TYPE_ACK)) {
            return Future.succeededFuture(FrameCodec.header(frame));
          }
          if (frame.is(BlockProtocol.TYPE_ERROR)) {
            return Future.failedFuture(FrameCodec.toException(frame));
          }
          return Future.failedFuture(unavailable(node, "answered with " + frame));
        });
  }

  private static Future<Frame> exchange(NetSocket socket, NodeAddress node, byte type, JsonObject header) {
    Promise<Frame> answer = Promise.promise();
    FrameReader reader = FrameReader.over(socket);
    reader.exceptionHandler(e -> answer.tryFail(unavailable(node, "sent an unreadable answer: " + e.getMessage())));
    reader.handler(answer::tryComplete);
    socket.closeHandler(v -> answer.tryFail(unavailable(node, "closed the connection before answering")));
    socket.write(FrameCodec.json(type, header)).onFailure(answer::tryFail);
    return answer.future();
  }

  private static DfsException unavailable(NodeAddress node, String why) {
    return new NodeFailure(ErrorCode.UNAVAILABLE, node.node(), "node " + node.node() + " " + why);
  }
}
