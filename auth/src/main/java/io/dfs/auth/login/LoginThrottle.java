package io.dfs.auth.login;

import io.dfs.auth.accounts.AccountNames;
import java.time.Clock;
import java.time.Duration;

/**
 * Counts consecutive failed logins per account and per client address and decides, before any
 * secret is checked, whether a login may go ahead.
 *
 * <ul>
 *   <li>From its {@link LoginLimits#failuresBeforeBackoff}-th consecutive failure on, an account (or
 *       address) is closed after each failure for {@link LoginLimits#backoffAfter}: by default 1 s,
 *       then 2 s, 4 s ... up to 5 min. While closed, attempts are refused as
 *       {@link Admission.Limited} and no secret is checked. Once it has failures, it may have only as
 *       many checks in flight as it has failures left before the backoff (one at a time once in
 *       backoff), so parallel guesses cannot overrun the limits; while it has none, parallel logins
 *       are not held back.
 *   <li>An address's count never closes an account: the right password from another address works
 *       as soon as the account itself is open. An account's backoff applies to every address; it is
 *       short enough that its owner gets in once it has passed.
 *   <li>A user account whose failures reach {@link LoginLimits#lockAfterFailures} is locked; its
 *       attempts are admitted only to be answered "locked" by {@link LoginDecider}, which persists
 *       the lock in {@link io.dfs.auth.accounts.AccountLocks}. An operator unlocks it with
 *       {@code dfs-auth user unlock --data-dir DIR --name NAME}, which the running server sees at
 *       the next login; a restart does not unlock. Service accounts are never locked: their secrets
 *       are long random strings, and a locked data node would drop out of the cluster on a
 *       stranger's say-so. They back off like users.
 *   <li>A success resets the account's and the address's counts.
 *   <li>Names are counted whether or not an account has them, so throttling answers the same for
 *       unknown names; names that break {@link AccountNames} share one count.
 * </ul>
 *
 * <p>State is in memory and bounded: at most {@link LoginLimits#trackedMax} accounts and as many
 * addresses; beyond that the least recently seen are forgotten. A restart forgets every count (but
 * not persisted locks). All methods are quick and never block; they may be called from any thread.
 */
public final class LoginThrottle {
  /** The wait answered when the limit is taken by checks still in flight; they finish in well under this. */
  static final Duration IN_FLIGHT_WAIT = Duration.ofSeconds(1);

  private final LoginLimits limits;
  private final Clock clock;
  private final RecentFailures accounts;
  private final RecentFailures addresses;

  public LoginThrottle(LoginLimits limits, Clock clock) {
    this.limits = limits;
    this.clock = clock;
    this.accounts = new RecentFailures(limits.trackedMax());
    this.addresses = new RecentFailures(limits.trackedMax());
  }

  /** Admits or refuses a user's login from {@code hostAddress}. */
  public Admission admitUser(String name, String hostAddress) {
    return admit("user:" + accountKey(name), true, ClientAddresses.key(hostAddress));
  }

  /** Admits or refuses a service account's login from {@code hostAddress}. */
  public Admission admitService(String id, String hostAddress) {
    return admit("service:" + accountKey(id), false, ClientAddresses.key(hostAddress));
  }

  /** How many accounts have a count now. */
  public synchronized int trackedAccounts() {
    return accounts.size();
  }

  /** How many addresses have a count now. */
  public synchronized int trackedAddresses() {
    return addresses.size();
  }

  private static String accountKey(String name) {
    return AccountNames.isValid(name) ? name : AccountNames.INVALID_FOR_LOG;
  }

  private synchronized Admission admit(String account, boolean lockable, String address) {
    long now = clock.millis();
    FailureCount byAccount = accounts.find(account);
    boolean locked = lockable && byAccount != null && byAccount.failures >= limits.lockAfterFailures();
    Duration addressWait = waitFor(addresses.find(address), now, false);
    Duration accountWait = locked ? null : waitFor(byAccount, now, lockable);
    if (addressWait != null || accountWait != null) {
      // The longer wait, so that a client honouring Retry-After is not refused again at once.
      Duration wait = addressWait == null ? accountWait
          : accountWait == null || addressWait.compareTo(accountWait) > 0 ? addressWait : accountWait;
      return new Admission.Limited(wait);
    }
    FailureCount byAddress = addresses.findOrCreate(address);
    byAccount = accounts.findOrCreate(account);
    byAddress.inFlight++;
    byAccount.inFlight++;
    return new LoginAttempt(this, account, byAccount, address, byAddress, lockable, locked);
  }

  /** How long {@code count} must wait before an attempt, or null if one may go ahead now. */
  private Duration waitFor(FailureCount count, long now, boolean lockable) {
    if (count == null) {
      return null;
    }
    if (now < count.closedUntilMillis) {
      // A clock set back must not stretch a wait beyond the longest one.
      count.closedUntilMillis = Math.min(count.closedUntilMillis, now + limits.backoffMax().toMillis());
      return Duration.ofMillis(count.closedUntilMillis - now);
    }
    int free = limits.failuresBeforeBackoff();
    boolean full = count.failures >= free
        ? count.inFlight > 0
        : count.failures > 0 && count.failures + count.inFlight >= free;
    if (full || (lockable && count.failures + count.inFlight >= limits.lockAfterFailures())) {
      return IN_FLIGHT_WAIT;
    }
    return null;
  }

  synchronized void succeeded(LoginAttempt attempt) {
    if (attempt.settle()) {
      reset(attempt.byAccount);
      reset(attempt.byAddress);
      forgetIfIdle(attempt);
    }
  }

  synchronized boolean failed(LoginAttempt attempt) {
    if (!attempt.settle()) {
      return false;
    }
    long now = clock.millis();
    countFailure(attempt.byAccount, now);
    countFailure(attempt.byAddress, now);
    return attempt.lockable && attempt.byAccount.failures >= limits.lockAfterFailures();
  }

  synchronized void released(LoginAttempt attempt) {
    if (attempt.settle()) {
      attempt.byAccount.inFlight--;
      attempt.byAddress.inFlight--;
      forgetIfIdle(attempt);
    }
  }

  synchronized int failures(LoginAttempt attempt) {
    return attempt.byAccount.failures;
  }

  synchronized boolean lockRecorded(LoginAttempt attempt) {
    return attempt.byAccount.lockRecorded;
  }

  synchronized void recordLock(LoginAttempt attempt) {
    attempt.byAccount.lockRecorded = true;
  }

  /** Starts the account afresh: an operator removed its lock. */
  synchronized void unlock(LoginAttempt attempt) {
    FailureCount count = attempt.byAccount;
    count.failures = 0;
    count.closedUntilMillis = 0;
    count.lockRecorded = false;
  }

  private void countFailure(FailureCount count, long now) {
    count.inFlight--;
    if (count.failures < Integer.MAX_VALUE) {
      count.failures++;
    }
    Duration wait = limits.backoffAfter(count.failures);
    if (!wait.isZero()) {
      count.closedUntilMillis = now + wait.toMillis();
    }
  }

  private static void reset(FailureCount count) {
    count.inFlight--;
    count.failures = 0;
    count.closedUntilMillis = 0;
    count.lockRecorded = false;
  }

  private void forgetIfIdle(LoginAttempt attempt) {
    accounts.forgetIfIdle(attempt.account, attempt.byAccount);
    addresses.forgetIfIdle(attempt.address, attempt.byAddress);
  }
}
