package io.dfs.bench.cluster;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The few plain HTTP calls the benchmark makes itself, outside any measured path: readiness,
 * login, meta's cluster view and a node's Prometheus metrics.
 */
final class AdminHttp {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

  /** The HTTP status of a GET, or -1 when nothing answers. */
  int status(String url) {
    try {
      return http.send(request(url).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  String login(String authUrl, String user, String password) {
    JsonObject body = new JsonObject().put("username", user).put("password", password);
    HttpRequest r = request(authUrl + "/v1/token").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build();
    return new JsonObject(send(r)).getString("token");
  }

  JsonObject getJson(String url, String token) {
    return new JsonObject(send(request(url).header("Authorization", "Bearer " + token).GET().build()));
  }

  String getText(String url, String token) {
    return send(request(url).header("Authorization", "Bearer " + token).GET().build());
  }

  private static HttpRequest.Builder request(String url) {
    return HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT);
  }

  private String send(HttpRequest r) {
    try {
      HttpResponse<String> answer = http.send(r, HttpResponse.BodyHandlers.ofString());
      if (answer.statusCode() != 200) {
        throw new IllegalStateException(r.method() + " " + r.uri() + " answered " + answer.statusCode() + ": "
            + answer.body());
      }
      return answer.body();
    } catch (IOException e) {
      throw new IllegalStateException(r.method() + " " + r.uri() + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    }
  }
}
