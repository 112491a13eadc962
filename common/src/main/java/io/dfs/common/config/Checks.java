package io.dfs.common.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** Invariant checks for config records; each failure names the key. */
final class Checks {
  private static final List<String> LOG_LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

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

  /** A level name for {@code logLevel}, upper case; null stays null (the logging config's own level). */
  static String logLevel(String key, String value) {
    if (value == null) {
      return null;
    }
    String level = value.trim().toUpperCase(Locale.ROOT);
    if (!LOG_LEVELS.contains(level)) {
      throw new ConfigException("'" + key + "' must be one of " + String.join(", ", LOG_LEVELS) + ", not '" + value + "'");
    }
    return level;
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
