package io.dfs.common.config;

import java.time.Duration;

/** Invariant checks for config records; each failure names the key. */
final class Checks {
  private Checks() {}

  static <T> T or(T value, T fallback) {
    return value != null ? value : fallback;
  }

  static String required(String key, String value) {
    if (value == null || value.isBlank()) {
      throw new ConfigException("'" + key + "' is required");
    }
    return value;
  }

  static int port(String key, int value) {
    if (value < 0 || value > 65535) {
      throw new ConfigException("'" + key + "' must be a port number 0..65535, not " + value);
    }
    return value;
  }

  static long positive(String key, long value) {
    if (value <= 0) {
      throw new ConfigException("'" + key + "' must be positive, not " + value);
    }
    return value;
  }

  static Duration notNegative(String key, Duration value) {
    if (value.isNegative()) {
      throw new ConfigException("'" + key + "' must not be negative, not " + value);
    }
    return value;
  }

  static Duration positive(String key, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new ConfigException("'" + key + "' must be a positive duration, not " + value);
    }
    return value;
  }
}
