package io.dfs.meta.http;

import io.dfs.common.config.TlsConfig;
import io.dfs.common.error.DfsException;
import io.dfs.common.error.ErrorCode;
import io.dfs.common.http.HttpErrors;
import io.dfs.common.http.HttpClients;
import io.dfs.common.http.RemoteAddress;
import io.dfs.common.security.ServiceTokenSource;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /api/v1/login {username, password}}: the status page's login, on meta's own origin so
 * the page needs no CORS. Meta checks no password: it hands the two fields to auth's
 * {@code POST /v1/token} and passes auth's answer back as it came (token, or 401, 429 with
 * {@code Retry-After}, 403 for a locked account). Auth throttles per account and per client
 * address; so that everyone behind the page is not one address to it, meta names the caller's
 * address in {@code X-Forwarded-For} and proves with its own service token that it is meta.
 * Service accounts cannot log in here.
 */
final class LoginForwarder implements Handler<RoutingContext> {
  /** Largest login body; a user name and a password. */
  static final int BODY_LIMIT = 16 * 1024;
  /** Largest answer taken from auth: a token and its lifetime, or an error. */
  static final int MAX_ANSWER_BYTES = 64 * 1024;
  static final long TIMEOUT_MS = 30_000;
  /** Logins waiting for a connection to auth; more are answered 503 at once. */
  static final int MAX_WAITING = 64;
  /** Longest a login waits for a connection to auth. */
  static final long CONNECT_TIMEOUT_MS = 5_000;

  private final HttpClient client;
  private final String tokenUrl;
  private final ServiceTokenSource serviceTokens;

  LoginForwarder(Vertx vertx, String authUrl, TlsConfig tls, ServiceTokenSource serviceTokens) {
    // Logins need no token: a slow auth must not let them pile up in meta without bound.
    this.client = HttpClients.create(vertx, (int) CONNECT_TIMEOUT_MS, tls,
        new PoolOptions().setHttp1MaxSize(8).setMaxWaitQueueSize(MAX_WAITING));
    this.tokenUrl = authUrl.replaceAll("/+$", "") + "/v1/token";
    this.serviceTokens = serviceTokens;
  }

  @Override
  public void handle(RoutingContext ctx) {
    JsonObject body = HttpErrors.jsonBody(ctx);
    JsonObject login = new JsonObject()
        .put("username", JsonFields.requiredString(body, "username"))
        .put("password", JsonFields.requiredString(body, "password"));
    String clientAddress = RemoteAddress.of(ctx);
    serviceTokens.token()
        .recover(e -> Future.failedFuture(unavailable(e)))
        .compose(metaToken -> forward(login, clientAddress, metaToken))
        .onSuccess(answer -> relay(ctx, answer))
        .onFailure(ctx::fail);
  }

  private record Answer(int status, String retryAfter, Buffer body) {}

  private Future<Answer> forward(JsonObject login, String clientAddress, String metaToken) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(tokenUrl)
        .setConnectTimeout(CONNECT_TIMEOUT_MS).setIdleTimeout(TIMEOUT_MS)
        .putHeader("Content-Type", "application/json")
        .putHeader("Authorization", "Bearer " + metaToken)
        .putHeader("X-Forwarded-For", clientAddress);
    return client.request(options)
        .compose(req -> req.send(login.toBuffer()))
        .compose(resp -> bounded(resp).map(body -> new Answer(resp.statusCode(), resp.getHeader("Retry-After"), body)))
        .recover(e -> Future.failedFuture(e instanceof DfsException ? e : unavailable(e)));
  }

  /** Reads the answer, giving up (and dropping the connection) once it passes {@link #MAX_ANSWER_BYTES}. */
  private static Future<Buffer> bounded(HttpClientResponse resp) {
    Promise<Buffer> done = Promise.promise();
    Buffer body = Buffer.buffer();
    resp.handler(chunk -> {
      if (body.length() + chunk.length() > MAX_ANSWER_BYTES) {
        done.tryFail(new DfsException(ErrorCode.UNAVAILABLE, "auth answered a login with too much data"));
        resp.request().connection().close();
      } else {
        body.appendBuffer(chunk);
      }
    });
    resp.exceptionHandler(done::tryFail);
    resp.endHandler(v -> done.tryComplete(body));
    return done.future();
  }

  private static void relay(RoutingContext ctx, Answer answer) {
    JsonObject json;
    try {
      json = new JsonObject(answer.body());
    } catch (RuntimeException e) {
      ctx.fail(new DfsException(ErrorCode.UNAVAILABLE, "auth answered the login with HTTP " + answer.status()));
      return;
    }
    if (answer.retryAfter() != null) {
      ctx.response().putHeader("Retry-After", answer.retryAfter());
    }
    ctx.response().setStatusCode(answer.status()).putHeader("Cache-Control", "no-store");
    ctx.json(json);
  }

  private static DfsException unavailable(Throwable e) {
    return new DfsException(ErrorCode.UNAVAILABLE, "cannot reach the auth server to log in: " + e.getMessage(), e);
  }
}
