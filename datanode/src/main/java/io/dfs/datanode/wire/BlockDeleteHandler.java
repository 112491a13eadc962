package io.dfs.datanode.wire;

import io.dfs.common.error.DfsException;
import io.dfs.common.ids.BlockIds;
import io.dfs.common.security.Roles;
import io.dfs.common.wire.Frame;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** DELETE_BLOCKS from meta: removes the listed replicas and answers how many were here. */
final class BlockDeleteHandler implements BlockConnection.Handler {
  static final int MAX_IDS = 10_000;

  private final BlockConnection conn;
  private final BlockService service;

  BlockDeleteHandler(BlockConnection conn, BlockService service) {
    this.conn = conn;
    this.service = service;
  }

  @Override
  public void start(JsonObject header) {
    List<String> ids;
    try {
      ids = ids(header);
    } catch (DfsException e) {
      conn.fail(e);
      return;
    }
    RequestAuth.check(service.verifier(), header, Roles.META)
        .compose(p -> service.disk().executeBlocking(() -> service.store().delete(ids), false))
        .onSuccess(n -> {
          service.events().deleted(ids);
          conn.succeed(new JsonObject().put("deleted", n));
        })
        .onFailure(conn::fail);
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
