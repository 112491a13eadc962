package io.dfs.auth.http;

import io.dfs.auth.audit.AuditLog;
import io.dfs.auth.keys.SigningKeys;
import io.dfs.auth.login.Admission;
import io.dfs.auth.login.LoginAttempt;
import io.dfs.auth.login.LoginDecider;
import io.dfs.auth.login.LoginOutcome;
import io.dfs.auth.login.LoginThrottle;
import io.dfs.common.error.DfsException;
import io.dfs.common.error.ErrorCode;
import io.dfs.common.http.HttpErrors;
import io.dfs.common.security.TokenSigner;
import io.vertx.core.Handler;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code POST /v1/token}: answers {@code {"token", "expiresIn"}} for a right password or service
 * secret, and otherwise, with the same answers for unknown names as for known ones:
 * <ul>
 *   <li>401 {@code bad_credentials}, one message for an unknown name and a wrong secret alike;
 *   <li>429 {@code rate_limited} with {@code Retry-After} (seconds) while the {@link LoginThrottle}
 *       holds the account or the address back; the secret is not checked;
 *   <li>403 {@code account_locked} for a user locked after too many failures, until an operator
 *       runs {@code dfs-auth user unlock}; the password is not checked.
 * </ul>
 * Secrets are checked on the password worker pool. One audit line per decision, never the secret
 * or the token. Limits per address count the address {@link LoginOrigin} names: the peer, or the
 * person behind meta's status page when meta forwards the login.
 *
 * <p>Each check holds a worker thread and 19 MiB for a while, so at most {@link #MAX_PENDING}
 * checks wait or run at once; beyond that the answer is 503 {@code busy}.
 */
final class TokenHandler implements Handler<RoutingContext> {
  static final int MAX_PENDING = 64;
  static final String LOCKED_MESSAGE = "this account is locked after too many failed logins;"
      + " an operator can unlock it with 'dfs-auth user unlock'";

  private final LoginThrottle throttle;
  private final LoginDecider decider;
  private final SigningKeys keys;
  private final WorkerExecutor passwordPool;
  private final AtomicInteger pending = new AtomicInteger();

  TokenHandler(LoginThrottle throttle, LoginDecider decider, SigningKeys keys, WorkerExecutor passwordPool) {
    this.throttle = throttle;
    this.decider = decider;
    this.keys = keys;
    this.passwordPool = passwordPool;
  }

  @Override
  public void handle(RoutingContext ctx) {
    LoginRequest login = LoginRequest.parse(HttpErrors.jsonBody(ctx));
    LoginOrigin.of(ctx, keys).onSuccess(origin -> admit(ctx, login, origin));
  }

  private void admit(RoutingContext ctx, LoginRequest login, LoginOrigin.Origin origin) {
    String from = origin.audited();
    Admission admission = switch (login.kind()) {
      case USER -> throttle.admitUser(login.name(), origin.client());
      case SERVICE -> throttle.admitService(login.name(), origin.client());
    };
    if (admission instanceof Admission.Limited limited) {
      audit(login, from, AuditLog.Outcome.RATE_LIMITED);
      long seconds = limited.retryAfterSeconds();
      ctx.response().putHeader("Retry-After", Long.toString(seconds));
      ctx.fail(new DfsException(ErrorCode.RATE_LIMITED,
          "too many failed logins; try again in " + seconds + (seconds == 1 ? " second" : " seconds")));
      return;
    }
    LoginAttempt attempt = (LoginAttempt) admission;
    if (pending.incrementAndGet() > MAX_PENDING) {
      pending.decrementAndGet();
      attempt.released();
      ctx.fail(new DfsException(ErrorCode.BUSY, "too many logins in progress; retry shortly"));
      return;
    }
    passwordPool.executeBlocking(() -> decide(login, attempt), false)
        .andThen(ar -> pending.decrementAndGet())
        .onSuccess(outcome -> answer(ctx, login, from, outcome))
        .onFailure(e -> {
          attempt.released();
          ctx.fail(e);
        });
  }

  private LoginOutcome decide(LoginRequest login, LoginAttempt attempt) throws Exception {
    return switch (login.kind()) {
      case USER -> decider.user(login.name(), login.secret(), attempt);
      case SERVICE -> decider.service(login.name(), login.secret(), attempt);
    };
  }

  private void answer(RoutingContext ctx, LoginRequest login, String from, LoginOutcome outcome) {
    switch (outcome.verdict()) {
      case GRANTED -> {
        audit(login, from, AuditLog.Outcome.OK);
        TokenSigner signer = keys.signer();
        String token = signer.sign(outcome.grant().subject(), outcome.grant().roles());
        ctx.response().putHeader("Cache-Control", "no-store");
        ctx.json(new JsonObject().put("token", token).put("expiresIn", signer.ttlSeconds()));
      }
      case DENIED -> {
        audit(login, from, AuditLog.Outcome.DENIED);
        ctx.fail(new DfsException(ErrorCode.BAD_CREDENTIALS, login.kind().deniedMessage()));
      }
      case LOCKED -> {
        audit(login, from, AuditLog.Outcome.LOCKED);
        ctx.fail(new DfsException(ErrorCode.ACCOUNT_LOCKED, LOCKED_MESSAGE));
      }
    }
  }

  private static void audit(LoginRequest login, String from, AuditLog.Outcome outcome) {
    AuditLog.decision(login.name(), login.kind().logName(), "login", from, outcome);
  }
}
