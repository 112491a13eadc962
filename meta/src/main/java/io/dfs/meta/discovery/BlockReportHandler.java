package io.dfs.meta.discovery;

import io.dfs.common.error.DfsException;
import io.dfs.common.http.BearerAuth;
import io.dfs.common.error.ErrorCode;
import io.dfs.meta.MetaServices;
import io.dfs.meta.http.JsonBodies;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * {@code POST /v1/nodes/{nodeId}/blocks}: replicas a live node received or lost since its last
 * report. Received replicas that a file owns go into the replica map; the others are listed in
 * {@code delete}. A node meta does not count as live gets 409 and must join again.
 */
final class BlockReportHandler implements Handler<RoutingContext> {
  private final Vertx vertx;
  private final MetaServices services;

  BlockReportHandler(Vertx vertx, MetaServices services) {
    this.vertx = vertx;
    this.services = services;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String nodeId = JoinRequest.nodeId(ctx.pathParam("nodeId"));
    NodeIdentityCheck.require(BearerAuth.principal(ctx).subject(), nodeId);
    if (!services.views().get().isLive(nodeId)) {
      throw new DfsException(ErrorCode.CONFLICT, "node " + nodeId + " has not joined; join again");
    }
    JsonBodies.parse(vertx, ctx, BlockReport::parse)
        .compose(report -> services.store().unowned(ReportedBlock.ids(report.received()), services.wallClock().millis())
            .map(unowned -> apply(nodeId, report, unowned)))
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  private JsonObject apply(String nodeId, BlockReport report, Set<String> unowned) {
    for (String blockId : report.deleted()) {
      services.replicas().remove(nodeId, blockId);
    }
    JsonArray delete = new JsonArray();
    boolean added = false;
    for (ReportedBlock b : report.received()) {
      if (unowned.contains(b.blockId())) {
        delete.add(b.blockId());
        services.replicas().remove(nodeId, b.blockId());
      } else {
        services.replicas().add(nodeId, b.blockId(), b.replica());
        added = true;
      }
    }
    if (added) {
      vertx.eventBus().publish(services.bus().replicasAdded(), null);
    }
    return new JsonObject().put("delete", delete);
  }
}
