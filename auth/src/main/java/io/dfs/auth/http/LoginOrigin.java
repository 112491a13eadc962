package io.dfs.auth.http;

import io.dfs.auth.keys.SigningKeys;
import io.dfs.common.http.RemoteAddress;
import io.dfs.common.security.Roles;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.regex.Pattern;

/**
 * The address a login is throttled and audited under. Normally the connection's peer. Meta's status
 * page logs people in through meta, so every such login reaches auth from meta's address; meta then
 * names the person's address in {@value #FORWARDED_FOR} and proves it is meta with its own service
 * token (role {@code meta}, issued by this server). Only then is the header believed: anyone else
 * sending it is counted under their own address, so the header cannot buy a fresh address's budget.
 * Per-account limits never depend on the address.
 */
final class LoginOrigin {
  static final String FORWARDED_FOR = "X-Forwarded-For";
  /** An IPv4 or IPv6 literal, nothing that could be a host name to look up. */
  private static final Pattern ADDRESS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

  /**
   * @param client the address the throttle counts
   * @param audited the address as the audit line shows it: {@code client,via=meta} when forwarded, one token for log parsers
   */
  record Origin(String client, String audited) {}

  private LoginOrigin() {}

  /** Never fails: a token that does not check out only means the header is not believed. */
  static Future<Origin> of(RoutingContext ctx, SigningKeys keys) {
    String peer = RemoteAddress.of(ctx);
    Origin direct = new Origin(peer, peer);
    String forwarded = ctx.request().getHeader(FORWARDED_FOR);
    String authorization = ctx.request().getHeader("Authorization");
    if (forwarded == null || !ADDRESS.matcher(forwarded).matches()
        || authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Future.succeededFuture(direct);
    }
    return keys.verifier().verify(authorization.substring(7).trim())
        .map(principal -> principal.hasRole(Roles.META) ? new Origin(forwarded, forwarded + ",via=" + peer) : direct)
        .otherwise(direct);
  }
}
