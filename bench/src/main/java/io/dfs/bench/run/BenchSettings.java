package io.dfs.bench.run;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sizes and places of one run, from the environment. {@code BENCH_SCALE} (default 1) scales every
 * size and count at once for a quick run; each {@code BENCH_*} size set explicitly wins over the
 * scaled default. Figure names stay the same whatever the sizes ({@code put.1g} is the big file's
 * figure); the sizes actually used are printed and written to the results.
 *
 * @param bigMiB the file of put.1g and get.1g
 * @param hugeMiB the file of rss.client.4g
 * @param smallFiles files per small-file phase
 * @param smallKiB size of each small file (not scaled: the size is what makes them small)
 * @param metaFiles 1-byte files of the meta phase
 * @param healMiB the file on the cluster when a node is killed
 * @param diskMiB the file of limit.disk.write and limit.disk.read
 * @param tcpMiB bytes sent for limit.tcp
 * @param crcMiB bytes checksummed for limit.crc32c
 * @param warmup operations each small-file and meta client does first, unmeasured
 * @param serverWarmupFiles small files put and got by 8 clients in each warm-up round before the small-file
 *     phases, unmeasured
 * @param steps the steps to run ({@link #STEPS}), in the run's own order whatever order they are named in
 */
public record BenchSettings(double scale, long bigMiB, long hugeMiB, int smallFiles, int smallKiB, int metaFiles,
    long healMiB, long diskMiB, long tcpMiB, long crcMiB, int warmup, int serverWarmupFiles, Path workDir,
    Path results, List<String> serverJavaOpts, List<String> datanodeJavaOpts, List<String> clientJavaOpts,
    Set<String> steps) {
  /** Every step a run can take, as {@code BENCH_STEPS} names them. */
  public static final List<String> STEPS = List.of("limits", "large", "small", "meta", "huge", "heal");
  /** As {@code make up} runs auth and meta (scripts/lib.sh). */
  public static final String SERVER_JAVA_OPTS = "-Xmx512m -XX:+UseG1GC";
  /** As {@code make up} runs the data nodes (scripts/lib.sh). */
  public static final String DATANODE_JAVA_OPTS = "-Xmx512m -XX:+UseSerialGC";
  /** As {@code bin/dfs} runs the CLI. */
  static final String CLIENT_JAVA_OPTS = "-Xmx256m -XX:+UseSerialGC -XX:SurvivorRatio=2 -XX:TieredStopAtLevel=1";

  public static BenchSettings fromEnv(Map<String, String> env, Path root) {
    double scale = positiveDouble(env, "BENCH_SCALE", 1);
    int smallFiles = (int) sized(env, "BENCH_SMALL_FILES", 2000, scale);
    int metaFiles = (int) sized(env, "BENCH_META_FILES", 2000, scale);
    int warmup = (int) Math.min(Math.min(smallFiles, metaFiles), sized(env, "BENCH_WARMUP", 300, scale));
    return new BenchSettings(scale,
        sized(env, "BENCH_BIG_MIB", 1024, scale),
        sized(env, "BENCH_HUGE_MIB", 4096, scale),
        smallFiles,
        (int) sized(env, "BENCH_SMALL_KIB", 4, 1),
        metaFiles,
        sized(env, "BENCH_HEAL_MIB", 1024, scale),
        sized(env, "BENCH_DISK_MIB", 1024, scale),
        sized(env, "BENCH_TCP_MIB", 2048, scale),
        sized(env, "BENCH_CRC_MIB", 4096, scale),
        warmup,
        (int) sized(env, "BENCH_SERVER_WARMUP", 4000, scale),
        root.resolve(env.getOrDefault("BENCH_WORK_DIR", "bench/work")).toAbsolutePath().normalize(),
        root.resolve(env.getOrDefault("BENCH_RESULTS", "bench/results.json")).toAbsolutePath().normalize(),
        words(env.getOrDefault("BENCH_SERVER_JAVA_OPTS", SERVER_JAVA_OPTS)),
        // As make up: the server flags, when set, also apply to data nodes unless theirs are set.
        words(env.getOrDefault("BENCH_DATANODE_JAVA_OPTS",
            env.getOrDefault("BENCH_SERVER_JAVA_OPTS", DATANODE_JAVA_OPTS))),
        words(env.getOrDefault("BENCH_CLIENT_JAVA_OPTS", CLIENT_JAVA_OPTS)),
        steps(env.getOrDefault("BENCH_STEPS", String.join(",", STEPS))));
  }

  /** Whether this run takes {@code step}. */
  public boolean runs(String step) {
    return steps.contains(step);
  }

  private static Set<String> steps(String list) {
    Set<String> named = new LinkedHashSet<>();
    for (String s : list.split("[,\\s]+")) {
      if (s.isEmpty()) {
        continue;
      }
      if (!STEPS.contains(s)) {
        throw new IllegalArgumentException("BENCH_STEPS names '" + s + "'; the steps are " + String.join(",", STEPS));
      }
      named.add(s);
    }
    if (named.isEmpty()) {
      throw new IllegalArgumentException("BENCH_STEPS names no step; the steps are " + String.join(",", STEPS));
    }
    return Set.copyOf(named);
  }

  /** The variable if set (a positive whole number), else {@code base × scale} rounded, at least 1. */
  private static long sized(Map<String, String> env, String name, long base, double scale) {
    String v = env.get(name);
    if (v == null || v.isBlank()) {
      return Math.max(1, Math.round(base * scale));
    }
    try {
      long n = Long.parseLong(v.trim());
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // Falls through to the message naming the variable.
    }
    throw new IllegalArgumentException(name + " must be a positive whole number, not '" + v + "'");
  }

  private static double positiveDouble(Map<String, String> env, String name, double dflt) {
    String v = env.get(name);
    if (v == null || v.isBlank()) {
      return dflt;
    }
    try {
      double d = Double.parseDouble(v.trim());
      if (d > 0 && Double.isFinite(d)) {
        return d;
      }
    } catch (NumberFormatException e) {
      // Falls through to the message naming the variable.
    }
    throw new IllegalArgumentException(name + " must be a positive number, not '" + v + "'");
  }

  /** A flag list as a shell would split it on blanks. */
  public static List<String> words(String s) {
    return Arrays.stream(s.trim().split("\\s+")).filter(w -> !w.isEmpty()).toList();
  }

  /** One line for the top of the output. */
  String summary() {
    return String.format(java.util.Locale.ROOT,
        "big=%d MiB huge=%d MiB small=%d x %d KiB meta=%d files heal=%d MiB disk=%d MiB tcp=%d MiB crc=%d MiB"
            + " warmup=%d server-warmup=%d files steps=%s (BENCH_SCALE=%s)",
        bigMiB, hugeMiB, smallFiles, smallKiB, metaFiles, healMiB, diskMiB, tcpMiB, crcMiB, warmup, serverWarmupFiles,
        String.join(",", STEPS.stream().filter(steps::contains).toList()), scale);
  }

  JsonObject toJson() {
    return new JsonObject().put("scale", scale).put("bigMiB", bigMiB).put("hugeMiB", hugeMiB)
        .put("smallFiles", smallFiles).put("smallKiB", smallKiB).put("metaFiles", metaFiles)
        .put("healMiB", healMiB).put("diskMiB", diskMiB).put("tcpMiB", tcpMiB).put("crcMiB", crcMiB)
        .put("warmup", warmup).put("serverWarmupFiles", serverWarmupFiles)
        .put("serverJavaOpts", new JsonArray(serverJavaOpts))
        .put("datanodeJavaOpts", new JsonArray(datanodeJavaOpts))
        .put("clientJavaOpts", new JsonArray(clientJavaOpts))
        .put("steps", new JsonArray(STEPS.stream().filter(steps::contains).toList()));
  }
}
