package io.dfs.common.http;

import io.dfs.common.config.TlsConfig;
import io.dfs.common.error.DfsException;
import io.dfs.common.error.ErrorCode;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * JSON over HTTP between DFS components. A 2xx answer yields its JSON body (an empty object for an
 * empty body); any other status fails with the {@link DfsException} its {@code {error, message}}
 * body describes; a connection failure fails with UNAVAILABLE naming the URL.
 */
public final class JsonHttpClient {
  /** Largest answer body read into memory. */
  public static final int MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

  private final HttpClient client;
  private final long timeoutMs;
  private final Context home;

  public JsonHttpClient(Vertx vertx, Duration connectTimeout, Duration timeout) {
    this(vertx, connectTimeout, timeout, null);
  }

  /** @param tls the cluster's TLS, for {@code https} URLs; null for plaintext only */
  public JsonHttpClient(Vertx vertx, Duration connectTimeout, Duration timeout, TlsConfig tls) {
    this.client = HttpClients.create(vertx, (int) connectTimeout.toMillis(), tls, new PoolOptions().setHttp1MaxSize(16));
    this.timeoutMs = timeout.toMillis();
    this.home = vertx.getOrCreateContext();
  }

  public JsonHttpClient(Vertx vertx) {
    this(vertx, Duration.ofSeconds(5), Duration.ofSeconds(30), null);
  }

  public Future<JsonObject> get(String url, String bearer) {
    return send(HttpMethod.GET, url, bearer, null);
  }

  public Future<JsonObject> post(String url, String bearer, JsonObject body) {
    return send(HttpMethod.POST, url, bearer, body);
  }

  public Future<JsonObject> delete(String url, String bearer) {
    return send(HttpMethod.DELETE, url, bearer, null);
  }

  public Future<JsonObject> send(HttpMethod method, String url, String bearer, JsonObject body) {
    if (Vertx.currentContext() != null) {
      return sendOnContext(method, url, bearer, body);
    }
    // Called from a plain thread (a CLI main or a test): the response body handler must be set on
    // the context that delivers the response, or a fast response can be read before it is set.
    Promise<JsonObject> result = Promise.promise();
    home.runOnContext(v -> sendOnContext(method, url, bearer, body).onComplete(result));
    return result.future();
  }

  private Future<JsonObject> sendOnContext(HttpMethod method, String url, String bearer, JsonObject body) {
    RequestOptions options = new RequestOptions().setMethod(method).setAbsoluteURI(url).setIdleTimeout(timeoutMs);
    if (bearer != null) {
      options.putHeader("Authorization", "Bearer " + bearer);
    }
    if (body != null) {
      options.putHeader("Content-Type", "application/json");
    }
    return client.request(options)
        .compose(req -> body == null ? req.send() : req.send(body.toBuffer()))
        .compose(resp -> resp.body().map(buf -> toJson(resp.statusCode(), buf)))
        .recover(e -> Future.failedFuture(e instanceof DfsException ? e
            : new DfsException(ErrorCode.UNAVAILABLE, "cannot reach " + origin(url) + ": " + e.getMessage(), e)));
  }

  private static JsonObject toJson(int status, Buffer body) {
    if (body.length() > MAX_RESPONSE_BYTES) {
      throw new DfsException(ErrorCode.TOO_LARGE, "answer of " + body.length() + " bytes is too large");
    }
    JsonObject json;
    try {
      json = body.length() == 0 ? new JsonObject() : new JsonObject(body);
    } catch (RuntimeException e) {
      throw new DfsException(ErrorCode.INTERNAL, "server answered " + status + " with a body that is not JSON");
    }
    if (status / 100 == 2) {
      return json;
    }
    ErrorCode code = json.containsKey("error") ? ErrorCode.fromWireName(json.getString("error")) : codeFor(status);
    throw new DfsException(code, json.getString("message", "HTTP " + status));
  }

  private static ErrorCode codeFor(int status) {
    for (ErrorCode c : ErrorCode.values()) {
      if (c.httpStatus() == status) {
        return c;
      }
    }
    return ErrorCode.INTERNAL;
  }

  private static String origin(String url) {
    int q = url.indexOf('/', url.indexOf("//") + 2);
    return q < 0 ? url : url.substring(0, q);
  }

  public Future<Void> close() {
    return client.close();
  }
}
