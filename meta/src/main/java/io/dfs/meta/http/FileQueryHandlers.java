package io.dfs.meta.http;

import io.dfs.common.http.RemoteAddress;
import io.dfs.common.error.ErrorCode;
import io.dfs.common.audit.Audit;
import io.dfs.common.error.DfsException;
import io.dfs.common.http.BearerAuth;
import io.dfs.meta.MetaServices;
import io.dfs.meta.namespace.ReplicaMap;
import io.dfs.meta.placement.ReplicaLocator;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The caller's own files (or, for an admin naming {@code ?owner=}, that user's): {@code GET /v1/files}, {@code GET /v1/files/{ref}} and
 * {@code DELETE /v1/files/{ref}}, where {@code ref} (already URL-decoded by the router) is a file
 * id when it is a canonical UUID and a name otherwise. Another user's file is answered exactly
 * like a missing one.
 */
final class FileQueryHandlers {
  private static final Logger LOG = LoggerFactory.getLogger(FileQueryHandlers.class);

  private final MetaServices services;
  private final ReplicaLocator locator;

  FileQueryHandlers(MetaServices services, ReplicaLocator locator) {
    this.services = services;
    this.locator = locator;
  }

  void list(RoutingContext ctx) {
    services.store().list(owner(ctx), FileJson::list)
        .onSuccess(json -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(json))
        .onFailure(ctx::fail);
  }

  void lookup(RoutingContext ctx) {
    String ref = ctx.pathParam("ref");
    // Until the answer is made, a commit replacing the file keeps the old blocks' replicas in the map.
    ReplicaMap.Read read = services.replicas().beginRead();
    // However the exchange ends (a worker refused, the client gone), the read ends with it.
    ctx.addEndHandler(v -> read.close());
    services.store().find(owner(ctx), ref)
        .onSuccess(found -> {
          if (found.isEmpty()) {
            read.close();
            ctx.fail(DfsException.notFound("no such file"));
          } else {
            String caller = BearerAuth.principal(ctx).subject();
            SignedAnswer.send(ctx, found.get().blocks().size(), () -> {
              try (read) {
                return FileJson.file(found.get(), services.views().get(), locator, services.blockTokens(), caller);
              }
            });
          }
        })
        .onFailure(e -> {
          read.close();
          ctx.fail(e);
        });
  }

  void delete(RoutingContext ctx) {
    String owner = owner(ctx);
    String ref = ctx.pathParam("ref");
    services.store().delete(owner, ref, services.wallClock().millis())
        .onSuccess(found -> {
          if (found.isEmpty()) {
            Audit.file("delete", owner, ref, RemoteAddress.of(ctx), ErrorCode.NOT_FOUND.wireName());
            ctx.fail(DfsException.notFound("no such file"));
            return;
          }
          Audit.file("delete", owner, found.get().name(), RemoteAddress.of(ctx), "ok");
          LOG.info("event=file_deleted owner={} name=\"{}\" id={} size={} blocks={}",
              owner, found.get().name(), found.get().id(), found.get().size(), found.get().blocks().size());
          ctx.vertx().eventBus().send(services.bus().reclaim(), null);
          ctx.json(new JsonObject().put("id", found.get().id()).put("name", found.get().name()).put("deleted", true));
        })
        .onFailure(ctx::fail);
  }

  private static String owner(RoutingContext ctx) {
    return Namespaces.of(ctx);
  }
}
