package io.dfs.meta.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The status page: one self-contained HTML document (inline CSS and JS, no external assets) that
 * polls {@code status.json} every 3 seconds and draws the node table.
 */
final class StatusPage {
  private StatusPage() {}

  /** Reads the page from the classpath; blocking, call it off the event loop. */
  static String load() {
    try (InputStream in = StatusPage.class.getResourceAsStream("status.html")) {
      if (in == null) {
        throw new IllegalStateException("status.html is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
