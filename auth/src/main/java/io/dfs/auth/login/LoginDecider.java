package io.dfs.auth.login;

import io.dfs.auth.accounts.AccountLocks;
import io.dfs.auth.accounts.AccountStore;
import io.dfs.auth.accounts.Authenticator;
import io.dfs.auth.accounts.Grant;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides a login the {@link LoginThrottle} admitted: refuses a locked user without checking the
 * password, checks the secret otherwise, settles the attempt with the throttle, and writes the lock
 * file when a user's failures reach the limit.
 *
 * <p>A locked name answers "locked" whether or not a user has it; only existing users get a lock
 * file (a made-up name stays locked in memory until it is forgotten or the server restarts). A
 * user locked in memory whose lock file this server wrote and which is now gone was unlocked by an
 * operator, and starts afresh.
 *
 * <p>Blocks on disk and for one Argon2id computation; call it on the password worker pool. Every
 * attempt passed in is settled when the call returns or throws.
 */
public final class LoginDecider {
  private static final Logger LOG = LoggerFactory.getLogger(LoginDecider.class);

  private final Authenticator authenticator;
  private final AccountStore accounts;
  private final AccountLocks locks;
  private final Clock clock;

  public LoginDecider(Authenticator authenticator, AccountStore accounts, AccountLocks locks, Clock clock) {
    this.authenticator = authenticator;
    this.accounts = accounts;
    this.locks = locks;
    this.clock = clock;
  }

  public LoginOutcome user(String name, String password, LoginAttempt attempt) throws IOException {
    try {
      // Read before looking at the disk: a lock this server records meanwhile must not pass for an unlock.
      boolean recorded = attempt.lockRecorded();
      if (locks.isLocked(name)) {
        return LoginOutcome.LOCKED;
      }
      if (attempt.lockedAtAdmission()) {
        if (!recorded) {
          recordLock(name, attempt);
          return LoginOutcome.LOCKED;
        }
        attempt.unlock();
        LOG.info("event=account_unlocked subject={}", name);
      }
      Optional<Grant> grant = authenticator.user(name, password);
      if (grant.isPresent()) {
        attempt.succeeded();
        return LoginOutcome.granted(grant.get());
      }
      if (attempt.failed()) {
        recordLock(name, attempt);
        return LoginOutcome.LOCKED;
      }
      return LoginOutcome.DENIED;
    } finally {
      attempt.released();
    }
  }

  public LoginOutcome service(String id, String secret, LoginAttempt attempt) throws IOException {
    try {
      Optional<Grant> grant = authenticator.service(id, secret);
      if (grant.isPresent()) {
        attempt.succeeded();
        return LoginOutcome.granted(grant.get());
      }
      attempt.failed();
      return LoginOutcome.DENIED;
    } finally {
      attempt.released();
    }
  }

  /** Writes the lock file if the user exists; a failed write leaves the lock in memory only. */
  private void recordLock(String name, LoginAttempt attempt) {
    try {
      if (accounts.findUser(name).isPresent()) {
        locks.lock(name, attempt.accountFailures(), clock.instant());
        attempt.recordLock();
        LOG.warn("event=account_locked subject={} failures={}", name, attempt.accountFailures());
      }
    } catch (IOException e) {
      LOG.error("event=account_lock_unrecorded subject={} reason=\"{}\"", name, e.getMessage());
    }
  }
}
