package io.dfs.auth.http;

import io.dfs.auth.accounts.AccountNames;
import io.dfs.auth.accounts.Authenticator;
import io.dfs.auth.accounts.Grant;
import io.dfs.common.error.DfsException;
import io.dfs.common.error.ErrorCode;
import io.dfs.common.http.HttpErrors;
import io.dfs.common.security.TokenSigner;
import io.vertx.core.Handler;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/token}: checks a password or service secret on the password worker pool and
 * answers {@code {"token", "expiresIn"}}, or 401 {@code bad_credentials} with one message for an
 * unknown name and a wrong secret alike. Logs one line per decision, never the secret or token.
 *
 * <p>Each check holds a worker thread and 19 MiB for a while, so at most {@link #MAX_PENDING}
 * checks wait or run at once; beyond that the answer is 503 {@code busy}.
 */
final class TokenHandler implements Handler<RoutingContext> {
  static final int MAX_PENDING = 64;
  private static final Logger LOG = LoggerFactory.getLogger(TokenHandler.class);

  private final Authenticator authenticator;
  private final TokenSigner signer;
  private final WorkerExecutor passwordPool;
  private final AtomicInteger pending = new AtomicInteger();

  TokenHandler(Authenticator authenticator, TokenSigner signer, WorkerExecutor passwordPool) {
    this.authenticator = authenticator;
    this.signer = signer;
    this.passwordPool = passwordPool;
  }

  @Override
  public void handle(RoutingContext ctx) {
    LoginRequest login = LoginRequest.parse(HttpErrors.jsonBody(ctx));
    if (pending.incrementAndGet() > MAX_PENDING) {
      pending.decrementAndGet();
      ctx.fail(new DfsException(ErrorCode.BUSY, "too many logins in progress; retry shortly"));
      return;
    }
    passwordPool.executeBlocking(() -> check(login), false)
        .andThen(ar -> pending.decrementAndGet())
        .onSuccess(grant -> answer(ctx, login, grant))
        .onFailure(ctx::fail);
  }

  private Optional<Grant> check(LoginRequest login) throws Exception {
    return switch (login.kind()) {
      case USER -> authenticator.user(login.name(), login.secret());
      case SERVICE -> authenticator.service(login.name(), login.secret());
    };
  }

  private void answer(RoutingContext ctx, LoginRequest login, Optional<Grant> grant) {
    String outcome = grant.isPresent() ? "ok" : "denied";
    LOG.info("event=login subject={} kind={} from={} outcome={}",
        AccountNames.forLog(login.name()), login.kind().logName(), remote(ctx), outcome);
    if (grant.isEmpty()) {
      ctx.fail(new DfsException(ErrorCode.BAD_CREDENTIALS, login.kind().deniedMessage()));
      return;
    }
    String token = signer.sign(grant.get().subject(), grant.get().roles());
    ctx.response().putHeader("Cache-Control", "no-store");
    ctx.json(new JsonObject().put("token", token).put("expiresIn", signer.ttlSeconds()));
  }

  private static String remote(RoutingContext ctx) {
    SocketAddress address = ctx.request().remoteAddress();
    return address == null ? "-" : address.hostAddress();
  }
}
