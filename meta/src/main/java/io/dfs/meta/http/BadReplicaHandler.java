package io.dfs.meta.http;

import io.dfs.common.error.DfsException;
import io.dfs.common.http.BearerAuth;
import io.dfs.common.http.HttpErrors;
import io.dfs.common.ids.BlockIds;
import io.dfs.meta.MetaServices;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /v1/blocks/{blockId}/bad {"node","reason"}}: a reader could not use a node's
 * replica (it failed its checksum, was short, or the node said it was corrupt or gone). Only the
 * owner of the committed file holding the block may report it; the replication scheduler then
 * deletes that replica, as long as another good one exists, and copies a good one in its place.
 */
final class BadReplicaHandler implements Handler<RoutingContext> {
  /** Longest reason kept; it only goes into the log. */
  static final int MAX_REASON = 200;
  static final int MAX_NODE_ID = 128;

  private final MetaServices services;

  BadReplicaHandler(MetaServices services) {
    this.services = services;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String owner = BearerAuth.principal(ctx).subject();
    String blockId = ctx.pathParam("blockId");
    if (!BlockIds.isCanonical(blockId)) {
      throw DfsException.notFound("no block " + blockId);
    }
    JsonObject body = HttpErrors.jsonBody(ctx);
    String node = JsonFields.requiredString(body, "node");
    if (node.length() > MAX_NODE_ID) {
      throw DfsException.badRequest("'node' is longer than " + MAX_NODE_ID + " characters");
    }
    String reason = body.getValue("reason") instanceof String r ? r.substring(0, Math.min(r.length(), MAX_REASON))
        : "unspecified";
    services.store().fileOfBlock(blockId)
        .onSuccess(file -> {
          if (file.isEmpty() || file.get().pending() || !file.get().owner().equals(owner)) {
            ctx.fail(DfsException.notFound("no committed file of yours holds block " + blockId));
            return;
          }
          ctx.vertx().eventBus().send(services.bus().repair(),
              new JsonObject().put("blockId", blockId).put("node", node).put("reason", reason));
          ctx.json(new JsonObject().put("blockId", blockId).put("node", node).put("accepted", true));
        })
        .onFailure(ctx::fail);
  }
}
