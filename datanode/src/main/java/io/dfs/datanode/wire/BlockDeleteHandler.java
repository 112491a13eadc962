package io.dfs.datanode.wire;

import static io.dfs.common.wire.BlockProtocol.TYPE_DELETE_BLOCKS;

import io.dfs.common.error.DfsException;
import io.dfs.common.ids.BlockIds;
import io.dfs.common.security.BlockOp;
import io.dfs.common.security.Roles;
import io.dfs.common.wire.Frame;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DELETE_BLOCKS {@code {"blockIds":[...],"auth","garbage"}} from meta: removes the listed replicas
 * and answers ACK {@code {"deleted": n}}, n counting the ones that were here. Unknown ids are not an
 * error; a non-canonical one refuses the whole request before anything is deleted. With
 * {@code "garbage": true} (blocks of no file) the deletion is reported to meta only behind a change
 * of the block meta may not have applied yet (see {@link BlockEvents#garbageDeleted}).
 */
final class BlockDeleteHandler implements BlockConnection.Handler {
  private static final Logger LOG = LoggerFactory.getLogger(BlockDeleteHandler.class);
  static final int MAX_IDS = 10_000;

  private final BlockConnection conn;
  private final BlockService service;

  BlockDeleteHandler(BlockConnection conn, BlockService service) {
    this.conn = conn;
    this.service = service;
  }

  @Override
  public void start(JsonObject header) {
    boolean garbage = Boolean.TRUE.equals(header.getValue("garbage"));
    RequestAuth.caller(service, conn, header, TYPE_DELETE_BLOCKS, Roles.META)
        .compose(caller -> {
          List<String> ids = ids(header);
          return RequestAuth.grant(service, conn, header, caller, BlockOp.DELETE, ids).map(ids);
        })
        .compose(ids -> service.disk.executeBlocking(() -> service.store.delete(ids), false))
        .onSuccess(deleted -> {
          if (!deleted.isEmpty()) {
            LOG.info("event=blocks_deleted node={} count={}", service.nodeId, deleted.size());
            if (garbage) {
              service.events.garbageDeleted(deleted);
            } else {
              service.events.deleted(deleted);
            }
          }
          if (!conn.closed()) {
            conn.succeed(new JsonObject().put("deleted", deleted.size()));
          }
        })
        .onFailure(e -> {
          if (!conn.closed()) {
            conn.fail(e);
          }
        });
  }

  private static List<String> ids(JsonObject header) {
    if (!(header.getValue("blockIds") instanceof JsonArray arr) || arr.size() > MAX_IDS) {
      throw DfsException.badRequest("'blockIds' must be a list of at most " + MAX_IDS + " block ids");
    }
    List<String> ids = new ArrayList<>(arr.size());
    for (Object o : arr) {
      ids.add(BlockIds.require(o));
    }
    return ids;
  }

  @Override
  public void rejectHeader(DfsException e) {
    conn.fail(e);
  }

  @Override
  public void onFrame(Frame frame) {
    conn.onBrokenStream(DfsException.badRequest("DELETE_BLOCKS takes no further frames"));
  }
}
