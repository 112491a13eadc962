package io.dfs.meta.http;

import io.dfs.common.error.DfsException;
import io.dfs.common.error.ErrorCode;
import io.dfs.common.http.BearerAuth;
import io.dfs.common.http.HttpErrors;
import io.dfs.common.security.TokenVerifier;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.function.BooleanSupplier;

/** Route wiring every meta HTTP server shares: health, authentication, error answers. */
public final class Routes {
  private Routes() {}

  /**
   * {@code GET /health} answers {@code {"status":"up"}} while the process serves;
   * {@code GET /ready} answers 200 {@code {"status":"ready"}} when {@code ready} holds, else 503
   * {@code {"error":"unavailable","message"}}.
   */
  public static void health(Router router, BooleanSupplier ready) {
    router.get("/health").handler(ctx -> ctx.json(new JsonObject().put("status", "up")));
    router.get("/ready").handler(ctx -> {
      if (ready.getAsBoolean()) {
        ctx.json(new JsonObject().put("status", "ready"));
      } else {
        HttpErrors.send(ctx, new DfsException(ErrorCode.UNAVAILABLE,
            "meta is not ready: its namespace store or auth's keys are not loaded"));
      }
    });
  }

  /**
   * Requests matching {@code path} need a bearer token with one of {@code roles}. The request is
   * paused while the token is checked, so that its body waits for the body handler behind.
   */
  public static void protect(Router router, String path, TokenVerifier verifier, String... roles) {
    router.route(path).handler(ctx -> {
      ctx.request().pause();
      ctx.next();
    });
    router.route(path).handler(BearerAuth.requiring(verifier, roles));
  }

  /** Every failure and unmatched route becomes a JSON error ({@link HttpErrors}). */
  public static void errors(Router router) {
    router.route().failureHandler(ctx -> {
      // A request refused before its body was read is still paused: let its bytes drain.
      if (!ctx.request().isEnded()) {
        ctx.request().resume();
      }
      ctx.next();
    });
    HttpErrors.install(router);
  }
}
