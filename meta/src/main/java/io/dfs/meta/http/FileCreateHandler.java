package io.dfs.meta.http;

import io.dfs.common.http.RemoteAddress;
import io.dfs.common.error.DfsException;
import io.dfs.common.audit.Audit;
import io.dfs.common.http.BearerAuth;
import io.dfs.common.http.HttpErrors;
import io.dfs.common.ids.FileNames;
import io.dfs.meta.MetaServices;
import io.dfs.meta.namespace.BlockRecord;
import io.dfs.meta.namespace.FileRecord;
import io.dfs.meta.namespace.FileState;
import io.dfs.meta.placement.BlockPlan;
import io.dfs.meta.placement.FilePlan;
import io.dfs.meta.placement.Placement;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * {@code POST /v1/files {"name","size","replication"?}}: validates the request, plans the blocks
 * on the KeyRing, stores the pending file durably, and answers 201 with the plan.
 */
final class FileCreateHandler implements Handler<RoutingContext> {
  /** Highest replication factor a client may ask for. */
  static final int MAX_REPLICATION = 10;

  private final MetaServices services;
  private final Placement placement;

  FileCreateHandler(MetaServices services, Placement placement) {
    this.services = services;
    this.placement = placement;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String owner = BearerAuth.principal(ctx).subject();
    String name;
    long size;
    int replication;
    try {
      JsonObject body = HttpErrors.jsonBody(ctx);
      name = FileNames.require(body.getValue("name"));
      size = JsonFields.requiredLong(body, "size", 0, services.config().maxFileBytes());
      replication = JsonFields.optionalInt(body, "replication", 1, MAX_REPLICATION, services.config().replication());
    } catch (DfsException e) {
      Audit.file("create", owner, "-", RemoteAddress.of(ctx), e.code().wireName());
      throw e;
    }
    long plannedAt = services.healthClock().millis();
    FilePlan plan = placement.plan(size, replication, services.views().get());
    long now = services.wallClock().millis();
    List<BlockRecord> blocks = new ArrayList<>(plan.blocks().size());
    for (BlockPlan b : plan.blocks()) {
      blocks.add(new BlockRecord(b.blockId(), b.offset(), b.length(), null));
    }
    FileRecord file = new FileRecord(UUID.randomUUID().toString(), owner, name, size, plan.blockSize(), replication,
        FileState.PENDING, now, now + services.config().pendingExpiry().toMillis(), blocks);
    services.store().createPending(file)
        .onSuccess(v -> {
          services.planTimes().planned(file.id(), plannedAt);
          Audit.file("create", owner, name, RemoteAddress.of(ctx), "ok");
          ctx.response().setStatusCode(201);
          SignedAnswer.send(ctx, blocks.size(),
              () -> FileJson.plan(file, plan, placement.requiredReplicas(replication), services.blockTokens()));
        })
        .onFailure(e -> {
          Audit.file("create", owner, name, RemoteAddress.of(ctx), DfsException.of(e).code().wireName());
          ctx.fail(e);
        });
  }
}
