package io.dfs.auth.http;

import io.dfs.auth.audit.AuditLog;
import io.dfs.auth.keys.SigningKeys;
import io.dfs.common.error.DfsException;
import io.dfs.common.http.BearerAuth;
import io.dfs.common.http.HttpErrors;
import io.dfs.common.http.RemoteAddress;
import io.dfs.common.security.Roles;
import io.dfs.common.security.TokenSigner;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.List;

/**
 * {@code POST /v1/tokens/metrics} (behind an admin {@link RoleTokenCheck}): a scrape token, as
 * MinIO's {@code mc admin prometheus generate} hands one out, for a Prometheus server that cannot
 * log in. Body {@code {"ttlSeconds": N}} (optional, default {@link #DEFAULT_TTL} or the cap if
 * lower); answers {@code {"token", "expiresIn"}}. The token has role {@code metrics} only, which
 * every server admits on {@code /metrics} and nowhere else, and subject {@code metrics:<admin>}, a
 * name no account can have. A lifetime under one second or above the config's
 * {@code metricsTokenMaxTtl} is 400 and issues nothing.
 */
final class MetricsTokenHandler implements Handler<RoutingContext> {
  static final Duration DEFAULT_TTL = Duration.ofDays(30);
  static final String SUBJECT_PREFIX = "metrics:";

  private final SigningKeys keys;
  private final Duration maxTtl;

  MetricsTokenHandler(SigningKeys keys, Duration maxTtl) {
    this.keys = keys;
    this.maxTtl = maxTtl;
  }

  @Override
  public void handle(RoutingContext ctx) {
    JsonObject body = ctx.body().buffer() == null || ctx.body().buffer().length() == 0 ? new JsonObject()
        : HttpErrors.jsonBody(ctx);
    Duration ttl = ttl(body);
    String admin = BearerAuth.principal(ctx).subject();
    TokenSigner signer = keys.signer(ttl);
    String token = signer.sign(SUBJECT_PREFIX + admin, List.of(Roles.METRICS));
    AuditLog.metricsTokenIssued(admin, signer.ttlSeconds(), RemoteAddress.of(ctx));
    ctx.response().putHeader("Cache-Control", "no-store");
    ctx.json(new JsonObject().put("token", token).put("expiresIn", signer.ttlSeconds()));
  }

  private Duration ttl(JsonObject body) {
    Object value = body.getValue("ttlSeconds");
    if (value == null) {
      return DEFAULT_TTL.compareTo(maxTtl) <= 0 ? DEFAULT_TTL : maxTtl;
    }
    if (!(value instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
      throw DfsException.badRequest("'ttlSeconds' must be a whole number of seconds");
    }
    long seconds = n.longValue();
    if (seconds < 1 || seconds > maxTtl.toSeconds()) {
      throw DfsException.badRequest("'ttlSeconds' must be between 1 and " + maxTtl.toSeconds()
          + " (auth's metricsTokenMaxTtl), not " + seconds);
    }
    return Duration.ofSeconds(seconds);
  }
}
