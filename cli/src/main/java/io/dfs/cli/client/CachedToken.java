package io.dfs.cli.client;

import io.vertx.core.json.JsonObject;

/**
 * A user token as the token cache keeps it.
 *
 * @param expiresAt epoch milliseconds after which the token is no longer accepted
 * @param authUrl the auth server that issued it, or null if unknown
 */
public record CachedToken(String token, long expiresAt, String user, String authUrl) {
  public JsonObject toJson() {
    return new JsonObject().put("token", token).put("expiresAt", expiresAt).put("user", user).put("authUrl", authUrl);
  }

  /** The token in {@code json}, or null when a required field is missing or mistyped. */
  static CachedToken fromJson(JsonObject json) {
    if (!(json.getValue("token") instanceof String token) || token.isBlank()
        || !(json.getValue("expiresAt") instanceof Number expiresAt)) {
      return null;
    }
    Object user = json.getValue("user");
    Object authUrl = json.getValue("authUrl");
    return new CachedToken(token, expiresAt.longValue(), user instanceof String u ? u : null,
        authUrl instanceof String a ? a : null);
  }
}
