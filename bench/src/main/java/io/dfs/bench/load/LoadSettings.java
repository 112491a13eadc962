package io.dfs.bench.load;

import io.dfs.bench.run.BenchSettings;
import io.dfs.common.config.ConfigLoader;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One load run, from the environment: {@code DURATION} (default 5m for {@code make load}, 10m for
 * {@code make chaos}; 60s for a smoke run),
 * {@code WRITERS} and {@code READERS} (8 each), {@code SEED} (random when unset; printed, and the
 * same seed replays the same operations), {@code LOAD_FILES} files of {@code LOAD_FILE_KIB} put
 * before the clock starts (1,000 of 1 MiB), puts of 4 KiB up to {@code LOAD_MAX_PUT_KIB} (4 MiB),
 * {@code TLS} (1: on), and where the results and the cluster go: {@code LOAD_RESULTS} and
 * {@code LOAD_WORK_DIR} (bench/load-results.json, bench/load-work), or {@code CHAOS_RESULTS} and
 * {@code CHAOS_WORK_DIR} for a chaos run.
 */
record LoadSettings(Duration duration, int writers, int readers, long seed, int seedFiles, long seedFileBytes,
    long minPutBytes, long maxPutBytes, boolean tls, Path workDir, Path results, List<String> serverJavaOpts,
    List<String> datanodeJavaOpts) {
  static final long KIB = 1024;

  /** The settings of {@code make load}. */
  static LoadSettings fromEnv(Map<String, String> env, Path root) {
    return fromEnv(env, root, "load", "5m");
  }

  /**
   * The settings of a run named {@code run} ("load", "chaos"), which names its results and work
   * directory and the variables that move them.
   */
  static LoadSettings fromEnv(Map<String, String> env, Path root, String run, String defaultDuration) {
    String prefix = run.toUpperCase(Locale.ROOT) + "_";
    return new LoadSettings(
        duration("DURATION", env.getOrDefault("DURATION", defaultDuration)),
        positive(env, "WRITERS", 8),
        positive(env, "READERS", 8),
        seed(env.get("SEED")),
        positive(env, "LOAD_FILES", 1000),
        positive(env, "LOAD_FILE_KIB", 1024) * KIB,
        4 * KIB,
        positive(env, "LOAD_MAX_PUT_KIB", 4096) * KIB,
        flag(env, "TLS", true),
        root.resolve(env.getOrDefault(prefix + "WORK_DIR", "bench/" + run + "-work")).toAbsolutePath().normalize(),
        root.resolve(env.getOrDefault(prefix + "RESULTS", "bench/" + run + "-results.json")).toAbsolutePath()
            .normalize(),
        BenchSettings.words(env.getOrDefault("BENCH_SERVER_JAVA_OPTS", BenchSettings.SERVER_JAVA_OPTS)),
        BenchSettings.words(env.getOrDefault("BENCH_DATANODE_JAVA_OPTS", BenchSettings.DATANODE_JAVA_OPTS)));
  }

  /** A positive duration from variable {@code name}. */
  static Duration duration(String name, String text) {
    Duration d;
    try {
      d = ConfigLoader.parseDuration(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + ": " + e.getMessage());
    }
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, not '" + text + "'");
    }
    return d;
  }

  private static long seed(String text) {
    if (text == null || text.isBlank()) {
      return new SecureRandom().nextLong() & Long.MAX_VALUE;
    }
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("SEED must be a whole number, not '" + text + "'");
    }
  }

  /** A positive whole number from variable {@code name}, or {@code dflt} when it is unset. */
  static int positive(Map<String, String> env, String name, int dflt) {
    String v = env.get(name);
    if (v == null || v.isBlank()) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // Falls through to the message naming the variable.
    }
    throw new IllegalArgumentException(name + " must be a positive whole number, not '" + v + "'");
  }

  /** 1 or 0 from variable {@code name}, or {@code dflt} when it is unset. */
  static boolean flag(Map<String, String> env, String name, boolean dflt) {
    String v = env.get(name);
    if (v == null || v.isBlank()) {
      return dflt;
    }
    return switch (v.trim()) {
      case "1" -> true;
      case "0" -> false;
      default -> throw new IllegalArgumentException(name + " must be 0 or 1, not '" + v + "'");
    };
  }

  /** One line for the top of the output. */
  String summary() {
    return "seed " + seed + ", " + duration.toSeconds() + " s, " + writers + " writers and " + readers + " readers, "
        + seedFiles + " files of " + seedFileBytes / KIB + " KiB first, puts of " + minPutBytes / KIB + " KiB to "
        + maxPutBytes / KIB / KIB + " MiB, TLS " + (tls ? "on" : "off");
  }
}
