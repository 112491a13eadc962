package io.dfs.auth;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Plain blocking HTTP for tests, so requests can carry bodies no well-behaved client would send. */
final class HttpCalls {
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  /** An answer with its JSON body (null if the body is not JSON) and its headers (first values). */
  record Answer(int status, String body, String contentType, Map<String, String> headers) {
    JsonObject json() {
      return new JsonObject(body);
    }

    /** The first value of header {@code name}, or null. */
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private HttpCalls() {}

  static Answer get(String url) {
    return send(HttpRequest.newBuilder(URI.create(url)).GET());
  }

  static Answer post(String url, String body) {
    return send(HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  /** An empty POST with {@code Authorization: <authorization>} (none if null). */
  static Answer postAuthorized(String url, String authorization) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.noBody());
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return send(request);
  }

  static Answer login(String baseUrl, JsonObject body) {
    return post(baseUrl + "/v1/token", body.encode());
  }

  /**
   * A login from a chosen loopback address ({@code 127.0.0.2}, {@code 127.0.0.3} ...), so a test can
   * be many clients: the connection's source is bound to {@code localAddress}.
   */
  static Answer loginFrom(String localAddress, String baseUrl, JsonObject body) {
    return loginFrom(localAddress, baseUrl, body, Map.of());
  }

  /** The same, with more request headers. */
  static Answer loginFrom(String localAddress, String baseUrl, JsonObject body, Map<String, String> headers) {
    URI uri = URI.create(baseUrl);
    byte[] content = body.encode().getBytes(StandardCharsets.UTF_8);
    StringBuilder extra = new StringBuilder();
    headers.forEach((name, value) -> extra.append(name).append(": ").append(value).append("\r\n"));
    String head = "POST /v1/token HTTP/1.1\r\n"
        + "Host: " + uri.getHost() + ":" + uri.getPort() + "\r\n"
        + extra
        + "Content-Type: application/json\r\n"
        + "Content-Length: " + content.length + "\r\n"
        + "Connection: close\r\n\r\n";
    try (Socket socket = new Socket()) {
      socket.setSoTimeout(20_000);
      socket.bind(new InetSocketAddress(localAddress, 0));
      socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5_000);
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.write(content);
      out.flush();
      return parse(socket.getInputStream());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Answer parse(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    in.transferTo(all);
    String text = all.toString(StandardCharsets.UTF_8);
    int end = text.indexOf("\r\n\r\n");
    String[] lines = text.substring(0, end).split("\r\n");
    Map<String, String> headers = new HashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
      headers.putIfAbsent(name, lines[i].substring(colon + 1).trim());
    }
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    return new Answer(status, text.substring(end + 4), headers.getOrDefault("content-type", ""), headers);
  }

  private static Answer send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> r = CLIENT.send(request.timeout(Duration.ofSeconds(20)).build(),
          HttpResponse.BodyHandlers.ofString());
      Map<String, String> headers = new HashMap<>();
      r.headers().map().forEach((name, values) -> {
        if (!values.isEmpty()) {
          headers.put(name.toLowerCase(Locale.ROOT), values.get(0));
        }
      });
      return new Answer(r.statusCode(), r.body(), r.headers().firstValue("Content-Type").orElse(""), headers);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
