package io.dfs.auth.login;

/** The failed-login state of one account or one address; guarded by its {@link LoginThrottle}. */
final class FailureCount {
  /** Consecutive failures since the last success. */
  int failures;
  /** Attempts admitted whose secret is still being checked. */
  int inFlight;
  /** Clock millis before which no attempt is admitted. */
  long closedUntilMillis;
  /** Whether this server wrote the lock file of this (user) account. */
  boolean lockRecorded;

  boolean idle() {
    return failures == 0 && inFlight == 0;
  }
}
