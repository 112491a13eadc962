package io.dfs.meta.discovery;

import io.vertx.core.eventbus.ReplyException;
import io.dfs.common.http.BearerAuth;
import io.dfs.common.error.ErrorCode;
import io.dfs.common.error.DfsException;
import io.dfs.meta.MetaServices;
import io.dfs.meta.http.JsonBodies;
import io.dfs.meta.namespace.ReplicaMap;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /v1/nodes/join}: admits a data node with its full block report. The node-health
 * owner is asked over the event bus to add the node (it answers with the heartbeat key once the
 * node is in the published view); the report then replaces all meta knew about the node's
 * replicas. Replicas no file owns, or that wait for deletion, are left out of the map and listed
 * in {@code delete} for the node to remove. A node joins under its own service account only, and
 * not while another process with its id is live elsewhere (409).
 */
final class JoinHandler implements Handler<RoutingContext> {
  private final Vertx vertx;
  private final MetaServices services;
  private final int heartbeatPort;

  JoinHandler(Vertx vertx, MetaServices services, int heartbeatPort) {
    this.vertx = vertx;
    this.services = services;
    this.heartbeatPort = heartbeatPort;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String caller = BearerAuth.principal(ctx).subject();
    JsonBodies.parse(vertx, ctx, JoinRequest::parse)
        .map(join -> {
          NodeIdentityCheck.require(caller, join.registration().id());
          return join;
        })
        .compose(join -> services.store().unowned(ReportedBlock.ids(join.blocks()), services.wallClock().millis())
            .compose(unowned -> admit(join).map(reply -> answer(join, unowned, reply.body()))))
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  private Future<Message<JsonObject>> admit(JoinRequest join) {
    return vertx.eventBus().<JsonObject>request(services.bus().join(), join.registration().toJson())
        .recover(e -> Future.failedFuture(e instanceof ReplyException r && r.failureCode() == ErrorCode.CONFLICT.httpStatus()
            ? new DfsException(ErrorCode.CONFLICT, r.getMessage()) : e));
  }

  private JsonObject answer(JoinRequest join, Set<String> unowned, JsonObject admitted) {
    Map<String, ReplicaMap.Replica> owned = new HashMap<>();
    JsonArray delete = new JsonArray();
    for (ReportedBlock b : join.blocks()) {
      if (unowned.contains(b.blockId())) {
        delete.add(b.blockId());
      } else {
        owned.put(b.blockId(), b.replica());
      }
    }
    services.replicas().replaceNode(join.registration().id(), owned);
    if (!owned.isEmpty()) {
      vertx.eventBus().publish(services.bus().replicasAdded(), null);
    }
    return new JsonObject()
        .put("heartbeatIntervalMs", services.config().heartbeatInterval().toMillis())
        .put("heartbeatPort", heartbeatPort)
        .put("heartbeatKey", admitted.getString("heartbeatKey"))
        .put("delete", delete);
  }
}
