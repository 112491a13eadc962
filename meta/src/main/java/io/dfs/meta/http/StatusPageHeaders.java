package io.dfs.meta.http;

import io.vertx.ext.web.RoutingContext;

/**
 * Headers for the status page's files. The page runs only its own script and talks only to its
 * own origin, so the policy allows nothing else: injected markup could neither run nor send the
 * admin token anywhere. {@code no-cache} makes browsers check for a newer page after an upgrade.
 */
final class StatusPageHeaders {
  static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
      + " connect-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'";

  private StatusPageHeaders() {}

  static void add(RoutingContext ctx) {
    ctx.response()
        .putHeader("Content-Security-Policy", POLICY)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer")
        .putHeader("Cache-Control", "no-cache");
    ctx.next();
  }
}
