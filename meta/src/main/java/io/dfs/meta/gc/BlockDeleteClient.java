package io.dfs.meta.gc;

import io.dfs.common.security.BlockOp;
import io.dfs.common.security.BlockTokenSigner;
import io.dfs.common.wire.BlockConnectionPool;
import io.dfs.common.wire.BlockProtocol;
import io.dfs.meta.nodecalls.NodeRequest;
import io.dfs.meta.placement.NodeAddress;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import java.util.List;

/**
 * Sends one DELETE_BLOCKS request ({@code {"v","blockIds","auth","blockToken","garbage"}}) to a data
 * node. Succeeds on ACK; fails with the node's ERROR, on a bad answer, a dropped connection or a
 * timeout. A delete may be sent twice: deleting a block that is gone is no error.
 */
public final class BlockDeleteClient {
  /**
   * Block ids per request: keeps the header (the ids twice, in the list and in the delete token,
   * plus meta's own token) well under its 16 KiB bound.
   */
  public static final int MAX_IDS_PER_REQUEST = 100;
  static final long ANSWER_TIMEOUT_MS = 10_000;

  /** Where the requests are sent from, so that they find the connections the last ones left. */
  private final Context home;
  private final BlockConnectionPool connections;
  private final BlockTokenSigner blockTokens;
  private final String subject;

  /**
   * Sends from the caller's context (a verticle's start). Connections to a node are kept between
   * requests: with the reclaimer deleting blocks all the time, a TLS handshake per request cost
   * meta and the data nodes more CPU than the deletes.
   *
   * @param subject who the delete tokens are issued to: meta's service account
   */
  public BlockDeleteClient(Vertx vertx, NetClient client, BlockTokenSigner blockTokens, String subject) {
    this.home = vertx.getOrCreateContext();
    this.connections = new BlockConnectionPool(vertx, client);
    this.blockTokens = blockTokens;
    this.subject = subject;
  }

  /**
   * Asks {@code node} to delete {@code blockIds} (at most {@link #MAX_IDS_PER_REQUEST}).
   *
   * @param garbage the blocks belong to no file: the node need not report their deletion, since
   *     the ACK tells meta. Other deletions (an extra or a bad replica) are reported too, so that a
   *     lost ACK cannot leave meta counting a replica that is gone.
   */
  public Future<Void> delete(NodeAddress node, List<String> blockIds, boolean garbage, String token) {
    if (blockIds.size() > MAX_IDS_PER_REQUEST) {
      throw new IllegalArgumentException("at most " + MAX_IDS_PER_REQUEST + " ids per request");
    }
    JsonObject header = new JsonObject()
        .put("v", BlockProtocol.VERSION)
        .put("blockIds", new JsonArray(List.copyOf(blockIds)))
        .put("auth", token)
        .put("blockToken", blockTokens.sign(subject, BlockOp.DELETE, blockIds))
        .put("garbage", garbage);
    Promise<Void> done = Promise.promise();
    home.runOnContext(v -> NodeRequest.send(connections, node, BlockProtocol.TYPE_DELETE_BLOCKS, header,
        ANSWER_TIMEOUT_MS).<Void>mapEmpty().onComplete(done));
    return done.future();
  }
}
