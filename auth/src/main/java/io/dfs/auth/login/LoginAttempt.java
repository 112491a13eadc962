package io.dfs.auth.login;

/**
 * A login the throttle let through, counted as in flight until it is settled exactly once: by
 * {@link #succeeded()}, {@link #failed()} or {@link #released()}. Later settlements are ignored, so
 * a {@code finally} can always release.
 */
public final class LoginAttempt implements Admission {
  private final LoginThrottle throttle;
  final String account;
  final FailureCount byAccount;
  final String address;
  final FailureCount byAddress;
  final boolean lockable;
  private final boolean lockedAtAdmission;
  private boolean settled;

  LoginAttempt(LoginThrottle throttle, String account, FailureCount byAccount, String address,
      FailureCount byAddress, boolean lockable, boolean lockedAtAdmission) {
    this.throttle = throttle;
    this.account = account;
    this.byAccount = byAccount;
    this.address = address;
    this.byAddress = byAddress;
    this.lockable = lockable;
    this.lockedAtAdmission = lockedAtAdmission;
  }

  /** Whether the account had reached the lock limit when this attempt was admitted. */
  public boolean lockedAtAdmission() {
    return lockedAtAdmission;
  }

  /** The secret was right: the account's and the address's counts start again. */
  public void succeeded() {
    throttle.succeeded(this);
  }

  /**
   * The secret was wrong: counts the failure for the account and the address.
   *
   * @return whether the account is now locked (user accounts only)
   */
  public boolean failed() {
    return throttle.failed(this);
  }

  /** Settles without a verdict on the secret (it was not checked, or the check failed). */
  public void released() {
    throttle.released(this);
  }

  /** The account's consecutive failures. */
  public int accountFailures() {
    return throttle.failures(this);
  }

  /** Whether this server has written the account's lock file. */
  public boolean lockRecorded() {
    return throttle.lockRecorded(this);
  }

  public void recordLock() {
    throttle.recordLock(this);
  }

  /** Resets the account: its lock file was removed by an operator. */
  public void unlock() {
    throttle.unlock(this);
  }

  /** True the first time only; called under the throttle's lock. */
  boolean settle() {
    if (settled) {
      return false;
    }
    settled = true;
    return true;
  }
}
