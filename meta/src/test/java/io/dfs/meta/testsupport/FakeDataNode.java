package io.dfs.meta.testsupport;

import io.dfs.common.error.ErrorCode;
import io.dfs.common.wire.BlockProtocol;
import io.dfs.common.wire.Frame;
import io.dfs.common.wire.FrameCodec;
import io.dfs.common.wire.FrameReader;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * A data node as far as meta can tell: a block protocol server on 127.0.0.1 that ACKs
 * DELETE_BLOCKS and remembers what it was asked (and with which token). Joining and reporting
 * blocks are done by the test over HTTP.
 */
public final class FakeDataNode implements AutoCloseable {
  private final String id;
  private final List<String> deleted = new ArrayList<>();
  private final List<String> deleteTokens = new ArrayList<>();
  private NetServer server;

  private FakeDataNode(String id) {
    this.id = id;
  }

  public static FakeDataNode start(Vertx vertx, String id) {
    FakeDataNode node = new FakeDataNode(id);
    node.server = vertx.createNetServer().connectHandler(node::serve).listen(0, "127.0.0.1").await();
    return node;
  }

  private void serve(NetSocket socket) {
    FrameReader reader = FrameReader.over(socket);
    reader.exceptionHandler(e -> socket.close());
    reader.handler(frame -> answer(socket, frame));
  }

  private void answer(NetSocket socket, Frame frame) {
    if (!frame.is(BlockProtocol.TYPE_DELETE_BLOCKS)) {
      socket.write(FrameCodec.error(ErrorCode.BAD_REQUEST, "only DELETE_BLOCKS here"));
      return;
    }
    JsonObject header = FrameCodec.header(frame);
    JsonArray ids = header.getJsonArray("blockIds");
    synchronized (this) {
      ids.forEach(x -> deleted.add((String) x));
      deleteTokens.add(header.getString("auth"));
    }
    socket.write(FrameCodec.json(BlockProtocol.TYPE_ACK, new JsonObject().put("deleted", ids.size())));
  }

  public String id() {
    return id;
  }

  public int port() {
    return server.actualPort();
  }

  /** Block ids meta asked this node to delete, in order. */
  public synchronized List<String> deleted() {
    return new ArrayList<>(deleted);
  }

  /** The {@code auth} token of each DELETE_BLOCKS request. */
  public synchronized List<String> deleteTokens() {
    return new ArrayList<>(deleteTokens);
  }

  /** A JOIN body for this node reporting {@code blocks} ({@code {"blockId","length","crc32c"}}). */
  public JsonObject joinBody(JsonArray blocks) {
    return new JsonObject().put("nodeId", id).put("host", "127.0.0.1").put("port", port()).put("httpPort", 0)
        .put("capacityBytes", 1L << 40).put("usedBytes", 0).put("blocks", blocks);
  }

  @Override
  public void close() {
    if (server != null) {
      server.close().await();
    }
  }
}
