package io.dfs.auth.login;

import io.dfs.common.config.AuthConfig;
import java.time.Duration;

/**
 * How failed logins are throttled; see {@link AuthConfig} for what each limit means.
 *
 * @param failuresBeforeBackoff consecutive failures an account or address may have before it must wait
 * @param backoffBase the wait after the {@code failuresBeforeBackoff}-th failure
 * @param backoffMax the longest wait
 * @param lockAfterFailures consecutive failures that lock a user account
 * @param trackedMax how many accounts, and how many addresses, are remembered
 */
public record LoginLimits(int failuresBeforeBackoff, Duration backoffBase, Duration backoffMax, int lockAfterFailures,
    int trackedMax) {

  public static LoginLimits of(AuthConfig config) {
    return new LoginLimits(config.loginFailuresBeforeBackoff(), config.loginBackoffBase(), config.loginBackoffMax(),
        config.loginLockAfterFailures(), config.loginTrackedMax());
  }

  /**
   * The wait after {@code failures} consecutive failures: none before {@link #failuresBeforeBackoff},
   * then {@link #backoffBase} doubling with each failure, up to {@link #backoffMax}.
   */
  public Duration backoffAfter(int failures) {
    if (failures < failuresBeforeBackoff) {
      return Duration.ZERO;
    }
    Duration wait = backoffBase;
    for (int i = failuresBeforeBackoff; i < failures && wait.compareTo(backoffMax) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(backoffMax) < 0 ? wait : backoffMax;
  }
}
