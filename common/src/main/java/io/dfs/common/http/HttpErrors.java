package io.dfs.common.http;

import io.dfs.common.error.DfsException;
import io.dfs.common.error.ErrorCode;
import io.dfs.common.error.FailureLog;
import io.dfs.common.log.LogText;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place HTTP failures become answers: {@code {"error": CODE, "message": ...}} with the
 * code's status. Failures are logged as {@link FailureLog} says: expected ones in one line,
 * unexpected ones with their stack trace, and the caller sees only "internal error".
 */
public final class HttpErrors {
  private static final Logger LOG = LoggerFactory.getLogger(HttpErrors.class);

  private HttpErrors() {}

  /** Installs the mapping as the router's failure handler and for unmatched routes. */
  public static void install(Router router) {
    router.route().failureHandler(HttpErrors::handle);
    for (int status : new int[] {400, 404, 405, 413, 415, 500}) {
      router.errorHandler(status, HttpErrors::handle);
    }
  }

  public static void handle(RoutingContext ctx) {
    DfsException e = toDfs(ctx);
    FailureLog.answered(LOG, "http_refused",
        "method=" + ctx.request().method() + " path=" + LogText.oneLine(ctx.request().path()), e);
    send(ctx, e);
  }

  public static void send(RoutingContext ctx, DfsException e) {
    if (ctx.response().ended() || ctx.response().closed()) {
      return;
    }
    if (e.code() == ErrorCode.UNAUTHORIZED || e.code() == ErrorCode.BAD_CREDENTIALS) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer");
    }
    ctx.response()
        .setStatusCode(e.code().httpStatus())
        .putHeader("Content-Type", "application/json")
        .end(e.toJson().encode());
  }

  private static DfsException toDfs(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof DfsException dfs) {
      return dfs;
    }
    int status = failure instanceof HttpException he ? he.getStatusCode() : ctx.statusCode();
    return switch (status) {
      case 400 -> DfsException.badRequest("bad request");
      case 401 -> DfsException.unauthorized("invalid token");
      case 403 -> DfsException.forbidden("forbidden");
      case 404 -> DfsException.notFound("no such resource");
      case 405 -> DfsException.badRequest("method not allowed");
      case 413 -> new DfsException(ErrorCode.TOO_LARGE, "request body is too large");
      case 415 -> DfsException.badRequest("unsupported media type");
      default -> failure == null
          ? new DfsException(ErrorCode.INTERNAL, "internal error")
          : DfsException.of(failure);
    };
  }

  /** The JSON body of a request, or BAD_REQUEST if it is missing or not a JSON object. */
  public static JsonObject jsonBody(RoutingContext ctx) {
    try {
      JsonObject body = ctx.body().asJsonObject();
      if (body == null) {
        throw DfsException.badRequest("a JSON object body is required");
      }
      return body;
    } catch (DfsException e) {
      throw e;
    } catch (RuntimeException e) {
      throw DfsException.badRequest("body is not a JSON object");
    }
  }
}
