package io.dfs.auth.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dfs.common.config.AuthConfig;
import io.dfs.common.config.ConfigException;
import io.dfs.common.config.ConfigLoader;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoginLimitsTest {
  @Test
  void theDefaultsWaitFromTheFifthFailureDoublingFromOneSecondToFiveMinutes() {
    LoginLimits limits = LoginLimits.of(ConfigLoader.fromJson("{\"dataDir\": \"/d\"}", AuthConfig.class));

    assertEquals(new LoginLimits(5, Duration.ofSeconds(1), Duration.ofMinutes(5), 100, 10_000), limits);
    assertEquals(Duration.ZERO, limits.backoffAfter(0));
    assertEquals(Duration.ZERO, limits.backoffAfter(4));
    assertEquals(Duration.ofSeconds(1), limits.backoffAfter(5));
    assertEquals(Duration.ofSeconds(2), limits.backoffAfter(6));
    assertEquals(Duration.ofSeconds(256), limits.backoffAfter(13));
    assertEquals(Duration.ofMinutes(5), limits.backoffAfter(14));
    assertEquals(Duration.ofMinutes(5), limits.backoffAfter(Integer.MAX_VALUE));
  }

  @Test
  void badLimitsStopTheServerAtStartNamingTheKey() {
    for (String[] bad : new String[][] {
        {"\"loginLockAfterFailures\": 101", "'loginLockAfterFailures' must be at most 100"},
        {"\"loginLockAfterFailures\": 3",
            "'loginLockAfterFailures' (3) must not be below 'loginFailuresBeforeBackoff'"},
        {"\"loginFailuresBeforeBackoff\": 0", "'loginFailuresBeforeBackoff' must be positive"},
        {"\"loginBackoffBase\": \"10m\"", "'loginBackoffBase' (PT10M) must not exceed 'loginBackoffMax'"},
        {"\"loginBackoffMax\": \"0s\"", "'loginBackoffMax' must be a positive duration"},
        {"\"loginTrackedMax\": -1", "'loginTrackedMax' must be positive"}}) {
      ConfigException e = assertThrows(ConfigException.class,
          () -> ConfigLoader.fromJson("{\"dataDir\": \"/d\", " + bad[0] + "}", AuthConfig.class));
      assertTrue(e.getMessage().contains(bad[1]), e.getMessage());
    }
  }

  @Test
  void aBaseAboveTheMaximumIsCappedToo() {
    LoginLimits limits = new LoginLimits(1, Duration.ofMillis(300), Duration.ofMillis(500), 10, 10);

    assertEquals(Duration.ofMillis(300), limits.backoffAfter(1));
    assertEquals(Duration.ofMillis(500), limits.backoffAfter(2));
  }
}
