package io.dfs.auth.login;

import java.time.Duration;

/** What {@link LoginThrottle} says about a login before any secret is checked. */
public sealed interface Admission permits Admission.Limited, LoginAttempt {

  /**
   * Refused without checking the secret: the account or the address must wait.
   *
   * @param retryAfter how long until an attempt may be admitted again
   */
  record Limited(Duration retryAfter) implements Admission {
    /** {@link #retryAfter} in whole seconds, rounded up and at least 1, for {@code Retry-After}. */
    public long retryAfterSeconds() {
      long millis = retryAfter.toMillis();
      return Math.max(1, (millis + 999) / 1000);
    }
  }
}
