package io.dfs.meta.http;

import io.dfs.common.error.DfsException;
import io.dfs.common.http.BearerAuth;
import io.dfs.common.security.Principal;
import io.dfs.common.security.Roles;
import io.vertx.ext.web.RoutingContext;
import java.util.regex.Pattern;

/**
 * Whose files a request acts on: the caller's own, or, for an admin who names one with
 * {@code ?owner=NAME}, that user's. A user naming anyone else is refused, so users only ever see
 * their own namespace.
 */
final class Namespaces {
  private static final Pattern ACCOUNT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

  private Namespaces() {}

  static String of(RoutingContext ctx) {
    Principal caller = BearerAuth.principal(ctx);
    String asked = ctx.queryParams().get("owner");
    if (asked == null || asked.equals(caller.subject())) {
      return caller.subject();
    }
    if (!caller.hasRole(Roles.ADMIN)) {
      throw DfsException.forbidden("only an admin may see or change another user's files");
    }
    if (!ACCOUNT.matcher(asked).matches()) {
      throw DfsException.badRequest("'owner' must be an account name");
    }
    return asked;
  }
}
