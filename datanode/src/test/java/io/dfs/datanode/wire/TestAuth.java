package io.dfs.datanode.wire;

import io.dfs.common.security.SigningKey;
import io.dfs.common.security.TokenSigner;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * A real HTTP server speaking auth's two endpoints (JWKS and service login), so data nodes under
 * test go through their real key loading and login paths without the auth module.
 */
final class TestAuth implements AutoCloseable {
  final SigningKey key = SigningKey.generate();
  final TokenSigner signer;
  final TokenSigner expiredSigner;
  private final HttpServer server;

  TestAuth(Vertx vertx) {
    signer = new TokenSigner(vertx, key, "dfs-auth", "dfs", Duration.ofMinutes(5));
    expiredSigner = new TokenSigner(vertx, key, "dfs-auth", "dfs", Duration.ofSeconds(1));
    Router router = Router.router(vertx);
    router.get("/.well-known/jwks.json").handler(ctx -> ctx.json(new JsonObject().put("keys", new JsonArray().add(key.publicJwk()))));
    router.post("/v1/token").handler(BodyHandler.create(false)).handler(ctx -> {
      String id = ctx.body().asJsonObject().getString("nodeId");
      ctx.json(new JsonObject().put("token", signer.sign(id, Set.of("datanode"))).put("expiresIn", 300));
    });
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
  }

  String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  String token(String subject, String role) {
    return signer.sign(subject, List.of(role));
  }

  @Override
  public void close() {
    server.close().await();
  }
}
