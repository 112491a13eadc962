package io.dfs.bench.cluster;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
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
  private final HttpClient http;

  /** {@code caFile}: the PEM certificate of the cluster's CA, the only one trusted; null for plaintext. */
  AdminHttp(Path caFile) {
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(TIMEOUT);
    if (caFile != null) {
      builder.sslContext(trusting(caFile));
    }
    this.http = builder.build();
  }

  private static SSLContext trusting(Path caFile) {
    try (InputStream in = Files.newInputStream(caFile)) {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      trust.setCertificateEntry("dfs-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(null, tmf.getTrustManagers(), null);
      return ssl;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot trust " + caFile + ": " + e.getMessage(), e);
    }
  }

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
