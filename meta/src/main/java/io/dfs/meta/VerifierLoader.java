package io.dfs.meta;

import io.dfs.common.config.MetaConfig;
import io.dfs.common.http.JsonHttpClient;
import io.dfs.common.security.TokenVerifier;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the token verifier from auth's JWKS at start, retrying while auth is not up yet (servers
 * are often started together), and failing once the patience runs out.
 */
final class VerifierLoader {
  private static final Logger LOG = LoggerFactory.getLogger(VerifierLoader.class);
  static final long RETRY_MS = 500;

  private VerifierLoader() {}

  static Future<TokenVerifier> load(Vertx vertx, JsonHttpClient http, MetaConfig config, Duration patience) {
    return attempt(vertx, http, config, System.nanoTime() + patience.toNanos(), patience, 1);
  }

  private static Future<TokenVerifier> attempt(
      Vertx vertx, JsonHttpClient http, MetaConfig config, long deadline, Duration patience, int tries) {
    return TokenVerifier.fromAuthServer(vertx, http, config.authUrl(), config.issuer(), config.audience())
        .recover(e -> {
          if (System.nanoTime() + RETRY_MS * 1_000_000 - deadline >= 0) {
            return Future.failedFuture(new IllegalStateException("cannot load token keys from auth at "
                + config.authUrl() + " within " + patience.toSeconds() + " s: " + e.getMessage()));
          }
          if (tries == 1) {
            LOG.info("event=auth_wait authUrl={} reason=\"{}\"", config.authUrl(), e.getMessage());
          }
          return vertx.timer(RETRY_MS, TimeUnit.MILLISECONDS)
              .compose(t -> attempt(vertx, http, config, deadline, patience, tries + 1));
        });
  }
}
