package io.dfs.meta.nodecalls;

import io.dfs.common.error.DfsException;
import io.dfs.common.error.ErrorCode;
import io.dfs.common.error.NodeFailure;
import io.dfs.common.wire.BlockConnectionPool;
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
 * send the header frame, read the answer. Succeeds with the ACK's JSON; fails with the node's
 * ERROR as it is (a {@link NodeFailure} if it names a node), or with UNAVAILABLE naming the node if
 * it cannot be reached, hangs up, answers out of protocol or not within the timeout.
 */
public final class NodeRequest {
  private NodeRequest() {}

  /** Over a new connection, closed once the answer is in. */
  public static Future<JsonObject> send(NetClient client, NodeAddress node, byte type, JsonObject header,
      long timeoutMs) {
    return reach(node, client.connect(node.port(), node.host()))
        .compose(socket -> new Exchange(socket, node, type, header).answer(timeoutMs).eventually(socket::close))
        .compose(frame -> outcome(node, frame));
  }

  /**
   * Over a kept connection when {@code connections} has one for this context, kept again after an
   * ACK and closed after anything else; sent once more on a new connection if a kept one was lost
   * unheard ({@link BlockConnectionPool#request}), so only for requests that may be sent twice. Must
   * be called on a Vert.x context.
   */
  public static Future<JsonObject> send(BlockConnectionPool connections, NodeAddress node, byte type,
      JsonObject header, long timeoutMs) {
    return connections.request(node.host(), node.port(), e -> cannotReach(node, e), lease -> new BlockConnectionPool.Attempt<JsonObject>() {
      private final Exchange exchange = new Exchange(lease.socket(), node, type, header);

      @Override
      public Future<JsonObject> run() {
        return exchange.answer(timeoutMs).compose(frame -> {
          if (frame.is(BlockProtocol.TYPE_ACK)) {
            lease.release(exchange.reader);
          } else {
            lease.close();
          }
          return outcome(node, frame);
        }, e -> {
          lease.close();
          return Future.failedFuture(e);
        });
      }

      @Override
      public boolean lostUnheard() {
        return exchange.lostUnheard;
      }
    });
  }

  private static <T> Future<T> reach(NodeAddress node, Future<T> connecting) {
    return connecting.recover(e -> Future.failedFuture(cannotReach(node, e)));
  }

  private static DfsException cannotReach(NodeAddress node, Throwable e) {
    return unavailable(node, "cannot be reached: " + e.getMessage());
  }

  private static Future<JsonObject> outcome(NodeAddress node, Frame frame) {
    if (frame.is(BlockProtocol.TYPE_ACK)) {
      return Future.succeededFuture(FrameCodec.header(frame));
    }
    if (frame.is(BlockProtocol.TYPE_ERROR)) {
      return Future.failedFuture(FrameCodec.toException(frame));
    }
    return Future.failedFuture(unavailable(node, "answered with " + frame));
  }

  /** The header sent on a connection, and the one frame that answers it. */
  private static final class Exchange {
    private final NodeAddress node;
    private final Promise<Frame> answer = Promise.promise();
    private final FrameReader reader;
    /** The connection was lost before the node answered anything. */
    private boolean lostUnheard;

    Exchange(NetSocket socket, NodeAddress node, byte type, JsonObject header) {
      this.node = node;
      this.reader = FrameReader.over(socket);
      // The reader reports its own framing violations as DfsExceptions, and passes the socket's on.
      reader.exceptionHandler(e -> {
        if (e instanceof DfsException) {
          answer.tryFail(unavailable(node, "sent an unreadable answer: " + e.getMessage()));
        } else {
          lost("lost the connection: " + e.getMessage());
        }
      });
      reader.handler(answer::tryComplete);
      socket.closeHandler(v -> lost("closed the connection before answering"));
      socket.write(FrameCodec.json(type, header))
          .onFailure(e -> lost("could not be sent the request: " + e.getMessage()));
    }

    private void lost(String why) {
      if (!answer.future().isComplete()) {
        lostUnheard = true;
        answer.tryFail(unavailable(node, why));
      }
    }

    Future<Frame> answer(long timeoutMs) {
      return answer.future().timeout(timeoutMs, TimeUnit.MILLISECONDS)
          .recover(e -> Future.failedFuture(e instanceof DfsException ? e
              : unavailable(node, "did not answer within " + timeoutMs + " ms")));
    }
  }

  private static DfsException unavailable(NodeAddress node, String why) {
    return new NodeFailure(ErrorCode.UNAVAILABLE, node.node(), "node " + node.node() + " " + why);
  }
}
