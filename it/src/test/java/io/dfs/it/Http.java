package io.dfs.it;

import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.SSLContext;
import java.security.cert.CertificateFactory;
import java.security.KeyStore;
import java.security.GeneralSecurityException;
import java.nio.file.Path;
import java.nio.file.Files;
import java.io.InputStream;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Blocking HTTP for test code (never for servers) and polling helpers. */
final class Http {
  private static volatile HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** From now on, https URLs are trusted when the cluster CA in {@code caFile} signed them. */
  static void trustCa(Path caFile) {
    try (InputStream in = Files.newInputStream(caFile)) {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      store.setCertificateEntry("dfs-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(null, trust.getTrustManagers(), null);
      CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).sslContext(ssl).build();
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot trust " + caFile + ": " + e.getMessage(), e);
    }
  }

  private Http() {}

  static int status(String url) {
    return status(url, Duration.ofSeconds(5));
  }

  /** The status of a GET, or -1 if there is no answer within {@code timeout} (refused, reset or silent). */
  static int status(String url, Duration timeout) {
    try {
      return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  static JsonObject getJson(String url, String token) {
    HttpResponse<String> r = get(url, token);
    return new JsonObject(r.body()).put("_status", r.statusCode());
  }

  /** The value of a Prometheus series, named with its labels, in a server's {@code /metrics}. */
  static long metric(String metricsUrl, String token, String series) {
    for (String line : get(metricsUrl, token).body().split("\n")) {
      if (line.startsWith(series + " ")) {
        return (long) Double.parseDouble(line.substring(series.length() + 1).trim());
      }
    }
    throw new AssertionError(series + " not in " + metricsUrl);
  }

  /** A GET with an optional bearer token; fails only if no answer comes. */
  static HttpResponse<String> get(String url, String token) {
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
      if (token != null) {
        b.header("Authorization", "Bearer " + token);
      }
      return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException("GET " + url + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static JsonObject postJson(String url, String token, String body) {
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
      if (token != null) {
        b.header("Authorization", "Bearer " + token);
      }
      HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
      JsonObject json = r.body().isEmpty() ? new JsonObject() : new JsonObject(r.body());
      return json.put("_status", r.statusCode());
    } catch (IOException e) {
      throw new IllegalStateException("POST " + url + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Logs in at auth and returns the token. */
  static String login(String authUrl, String user, String password) {
    JsonObject answer = postJson(authUrl + "/v1/token", null,
        new JsonObject().put("username", user).put("password", password).encode());
    if (answer.getInteger("_status") != 200) {
      throw new IllegalStateException("login of " + user + " failed: " + answer.encode());
    }
    return answer.getString("token");
  }

  /** Polls until the condition holds; fails with {@code what} after {@code timeout}. */
  static void await(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout.toSeconds() + "s waiting for " + what);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what);
      }
    }
  }
}
