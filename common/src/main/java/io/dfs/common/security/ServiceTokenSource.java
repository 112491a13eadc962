package io.dfs.common.security;

import io.dfs.common.http.JsonHttpClient;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A service account's token (data node or meta), fetched from auth with {@code {nodeId, secret}}
 * and fetched again once a third of its lifetime is left. Concurrent callers share one login.
 */
public final class ServiceTokenSource {
  private final JsonHttpClient http;
  private final String tokenUrl;
  private final String account;
  private final String secret;
  private String token;
  private long refreshAtMs;
  private Future<String> inFlight;

  public ServiceTokenSource(JsonHttpClient http, String authUrl, String account, String secret) {
    this.http = http;
    this.tokenUrl = authUrl.replaceAll("/+$", "") + "/v1/token";
    this.account = account;
    this.secret = secret;
  }

  /** Reads the secret from a file (trimmed); call off the event loop or at start. */
  public static String readSecret(String file) {
    try {
      return Files.readString(Path.of(file), StandardCharsets.UTF_8).trim();
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot read secret file " + file + ": " + e.getMessage());
    }
  }

  /** A valid token, from cache or from a fresh login. */
  public synchronized Future<String> token() {
    if (token != null && System.currentTimeMillis() < refreshAtMs) {
      return Future.succeededFuture(token);
    }
    if (inFlight != null) {
      return inFlight;
    }
    Future<String> f = http.post(tokenUrl, null, new JsonObject().put("nodeId", account).put("secret", secret))
        .map(json -> {
          synchronized (this) {
            token = json.getString("token");
            long ttlMs = json.getLong("expiresIn", 60L) * 1000;
            refreshAtMs = System.currentTimeMillis() + ttlMs * 2 / 3;
            return token;
          }
        });
    inFlight = f;
    f.onComplete(ar -> {
      synchronized (this) {
        inFlight = null;
      }
    });
    return f;
  }
}
