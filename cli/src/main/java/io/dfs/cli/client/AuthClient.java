package io.dfs.cli.client;

import io.dfs.common.error.DfsException;
import io.dfs.common.error.ErrorCode;
import io.dfs.common.http.JsonHttpClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * Logs a user in at the auth server ({@code POST /v1/token}) and asks it for scrape tokens
 * ({@code POST /v1/tokens/metrics}).
 */
public final class AuthClient {
  /** What a wrong user name and a wrong password both answer. */
  public static final String BAD_CREDENTIALS = "invalid username or password";

  private final Vertx vertx;
  private final JsonHttpClient http;
  private final String baseUrl;

  /** @param http shared client; not closed by this class */
  public AuthClient(Vertx vertx, JsonHttpClient http, String authUrl) {
    this.vertx = vertx;
    this.http = http;
    this.baseUrl = MetaClient.stripSlash(authUrl);
  }

  /**
   * Exchanges a user name and password for a token. Fails with BAD_CREDENTIALS and
   * {@link #BAD_CREDENTIALS} when auth refuses them, with {@link ServiceUnreachableException} when auth
   * cannot be reached.
   */
  public Future<LoginResult> login(String username, String password) {
    JsonObject body = new JsonObject().put("username", username).put("password", password);
    return OnContext.run(vertx, () -> http.post(baseUrl + "/v1/token", null, body))
        .recover(e -> Future.failedFuture(translate(e)))
        .map(json -> new LoginResult(JsonFields.string(json, "token", "a login"),
            JsonFields.number(json, "expiresIn", "a login")));
  }

  /**
   * A token for a Prometheus server to read {@code /metrics} with, valid {@code ttlSeconds}; needs an
   * admin's {@code token}. Fails with auth's answer (401, 403, 400 for a lifetime over its cap), or
   * with {@link ServiceUnreachableException}.
   */
  public Future<LoginResult> metricsToken(String token, long ttlSeconds) {
    JsonObject body = new JsonObject().put("ttlSeconds", ttlSeconds);
    return OnContext.run(vertx, () -> http.post(baseUrl + "/v1/tokens/metrics", token, body))
        .recover(e -> Future.failedFuture(ServiceUnreachableException.translate(e, "auth", baseUrl)))
        .map(json -> new LoginResult(JsonFields.string(json, "token", "a scrape token"),
            JsonFields.number(json, "expiresIn", "a scrape token")));
  }

  private Throwable translate(Throwable failure) {
    Throwable t = ServiceUnreachableException.translate(failure, "auth", baseUrl);
    if (t instanceof DfsException e
        && (e.code() == ErrorCode.BAD_CREDENTIALS || e.code() == ErrorCode.UNAUTHORIZED)) {
      return new DfsException(ErrorCode.BAD_CREDENTIALS, BAD_CREDENTIALS);
    }
    return t;
  }
}
