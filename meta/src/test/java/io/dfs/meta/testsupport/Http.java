package io.dfs.meta.testsupport;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;

/** A blocking JSON HTTP client for tests, independent of the code under test. */
public final class Http {
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** An answer: status, raw body, and the body as JSON when it is a JSON object. */
  public record Response(int status, String body, String contentType, HttpHeaders headers) {
    /** The first value of header {@code name}, or the empty string. */
    public String header(String name) {
      return headers.firstValue(name).orElse("");
    }

    public JsonObject json() {
      return new JsonObject(body);
    }

    /** The {@code error} code of a JSON error body. */
    public String error() {
      return json().getString("error");
    }
  }

  private Http() {}

  public static Response get(String url, String token) {
    return send("GET", url, token, null);
  }

  public static Response post(String url, String token, Object body) {
    return send("POST", url, token, body == null ? null : body.toString());
  }

  public static Response delete(String url, String token) {
    return send("DELETE", url, token, null);
  }

  public static Response send(String method, String url, String token, String body) {
    try {
      return sendAsync(method, url, token, body).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(method + " " + url + " failed", e.getCause());
    }
  }

  public static CompletableFuture<Response> sendAsync(String method, String url, String token, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    return CLIENT.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString())
        .thenApply(r -> new Response(r.statusCode(), r.body(), r.headers().firstValue("Content-Type").orElse(""),
            r.headers()));
  }

  /** Polls {@code check} every 20 ms until it holds or {@code timeout} passes. */
  public static void await(String what, Duration timeout, BooleanSupplier check) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!check.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what);
      }
    }
  }
}
