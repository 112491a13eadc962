package io.dfs.meta.http;

import io.dfs.common.http.RemoteAddress;
import io.dfs.common.audit.Audit;
import io.dfs.common.error.DfsException;
import io.dfs.common.http.BearerAuth;
import io.dfs.common.ids.BlockIds;
import io.dfs.meta.MetaServices;
import io.dfs.meta.health.NodeInfo;
import io.dfs.meta.namespace.BlockCommit;
import io.dfs.meta.namespace.CommitOutcome;
import io.dfs.meta.namespace.FileRecord;
import io.dfs.meta.placement.Placement;
import io.dfs.meta.placement.ReplicaLocator;
import io.dfs.meta.repair.ReplicationScheduler;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/files/{id}/commit {"blocks":[{"blockId","length","crc32c"}]}}: checks the blocks
 * against the plan, waits for enough matching replica reports, then makes the file visible
 * durably (replacing the caller's file of the same name) and answers the file.
 */
final class FileCommitHandler implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger(FileCommitHandler.class);

  private final Vertx vertx;
  private final MetaServices services;
  private final Placement placement;
  private final ReplicaLocator locator;
  private final ReplicaWait replicaWait;

  FileCommitHandler(Vertx vertx, MetaServices services, Placement placement, ReplicaLocator locator) {
    this.vertx = vertx;
    this.services = services;
    this.placement = placement;
    this.locator = locator;
    this.replicaWait = new ReplicaWait(vertx, locator, services.views(), services.bus().replicasAdded());
  }

  @Override
  public void handle(RoutingContext ctx) {
    String owner = BearerAuth.principal(ctx).subject();
    String fileId = ctx.pathParam("id");
    if (!BlockIds.isCanonical(fileId)) {
      throw DfsException.notFound("no pending file " + fileId);
    }
    JsonBodies.parse(vertx, ctx, FileCommitHandler::parseBlocks)
        .compose(blocks -> services.store().findPending(fileId)
            .compose(pending -> awaitReplicas(owner, pending, blocks))
            .compose(v -> services.store().commit(owner, fileId, blocks, services.wallClock().millis())))
        .onSuccess(outcome -> {
          services.planTimes().forget(fileId);
          JsonObject shortBlocks = ReplicationScheduler.shortBlocks(outcome.file(), services.replicas());
          if (shortBlocks != null) {
            vertx.eventBus().send(services.bus().repair(), shortBlocks);
          }
          if (!outcome.repeated()) {
            logCommit(owner, outcome);
          }
          if (outcome.replaced() != null) {
            vertx.eventBus().send(services.bus().reclaim(), null);
          }
          Audit.file("commit", owner, outcome.file().name(), RemoteAddress.of(ctx), "ok");
          SignedAnswer.send(ctx, outcome.file().blocks().size(),
              () -> FileJson.file(outcome.file(), services.views().get(), locator, services.blockTokens(), owner));
        })
        .onFailure(e -> {
          Audit.file("commit", owner, fileId, RemoteAddress.of(ctx), DfsException.of(e).code().wireName());
          ctx.fail(e);
        });
  }

  /**
   * For a pending file of the caller, checks the blocks against the plan and waits for replicas.
   * Anything else (unknown, another user's, already committed) goes straight to the store's
   * commit, which answers it: NOT_FOUND, CONFLICT, or a repeated commit's success.
   */
  private Future<Void> awaitReplicas(String owner, Optional<FileRecord> pending, List<BlockCommit> blocks) {
    if (pending.isEmpty() || !pending.get().owner().equals(owner)) {
      return Future.succeededFuture();
    }
    FileRecord file = pending.get();
    if (file.expiresAt() <= services.wallClock().millis()) {
      return Future.failedFuture(DfsException.notFound("pending file " + file.id() + " has expired"));
    }
    try {
      file.checkCommit(blocks);
    } catch (DfsException e) {
      return Future.failedFuture(e);
    }
    OptionalLong plannedAt = services.planTimes().plannedAt(file.id());
    Predicate<NodeInfo> liveSincePlanned = node -> plannedAt.isEmpty() || node.joinedAtMs() <= plannedAt.getAsLong();
    return replicaWait.await(blocks, placement.requiredReplicas(file.replication()), liveSincePlanned);
  }

  private static void logCommit(String owner, CommitOutcome outcome) {
    FileRecord f = outcome.file();
    LOG.info("event=file_committed owner={} name=\"{}\" id={} size={} blocks={} replaced={}",
        owner, f.name(), f.id(), f.size(), f.blocks().size(),
        outcome.replaced() == null ? "-" : outcome.replaced().id());
  }

  static List<BlockCommit> parseBlocks(JsonObject body) {
    JsonArray arr = JsonFields.requiredArray(body, "blocks");
    if (arr.size() > Placement.MAX_BLOCKS_PER_FILE) {
      throw DfsException.badRequest("a file has at most " + Placement.MAX_BLOCKS_PER_FILE + " blocks");
    }
    List<BlockCommit> blocks = new ArrayList<>(arr.size());
    for (int i = 0; i < arr.size(); i++) {
      JsonObject b = JsonFields.objectAt(arr, "blocks", i);
      blocks.add(new BlockCommit(
          BlockIds.require(b.getValue("blockId")),
          JsonFields.requiredLong(b, "length", 0, Long.MAX_VALUE),
          JsonFields.requiredLong(b, "crc32c", 0, JsonFields.MAX_CRC32C)));
    }
    return blocks;
  }
}
