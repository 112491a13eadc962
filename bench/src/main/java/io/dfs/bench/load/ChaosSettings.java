package io.dfs.bench.load;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * One chaos run: the load's settings (default {@code DURATION} 10m, results in
 * bench/chaos-results.json) and the fault schedule's, from the environment: a data node fault every
 * {@code FAULT_EVERY} (10s), each node down for {@code FAULT_DOWN_MIN} to {@code FAULT_DOWN_MAX}
 * (5s to 20s), at most {@code MAX_FAULTS} node faults (as many as fit), and meta killed once unless
 * {@code KILL_META=0}. At most {@link #MAX_DOWN} data nodes are down at once.
 */
record ChaosSettings(LoadSettings load, Duration faultEvery, Duration minDown, Duration maxDown, int maxFaults,
    boolean killMeta) {
  static final int DATA_NODES = 5;
  static final int MAX_DOWN = 2;
  /** RELIABILITY's bound: after the last fault, every block back at exactly R verified replicas within it. */
  static final Duration HEAL_BOUND = Duration.ofSeconds(60);
  /** How long an operation is tried again before it counts as failed: well past a fault's longest effect. */
  static final Duration RETRY_BUDGET = Duration.ofSeconds(120);

  static ChaosSettings fromEnv(Map<String, String> env, Path root) {
    ChaosSettings s = new ChaosSettings(LoadSettings.fromEnv(env, root, "chaos", "10m"),
        LoadSettings.duration("FAULT_EVERY", env.getOrDefault("FAULT_EVERY", "10s")),
        LoadSettings.duration("FAULT_DOWN_MIN", env.getOrDefault("FAULT_DOWN_MIN", "5s")),
        LoadSettings.duration("FAULT_DOWN_MAX", env.getOrDefault("FAULT_DOWN_MAX", "20s")),
        LoadSettings.positive(env, "MAX_FAULTS", Integer.MAX_VALUE),
        LoadSettings.flag(env, "KILL_META", true));
    if (s.minDown.compareTo(s.maxDown) > 0) {
      throw new IllegalArgumentException("FAULT_DOWN_MIN (" + s.minDown.toSeconds() + " s) is more than FAULT_DOWN_MAX ("
          + s.maxDown.toSeconds() + " s)");
    }
    return s;
  }

  FaultSchedule schedule() {
    return FaultSchedule.plan(load.seed(), DATA_NODES, seconds(load.duration()), seconds(faultEvery),
        seconds(minDown), seconds(maxDown), MAX_DOWN, maxFaults, killMeta);
  }

  private static double seconds(Duration d) {
    return d.toMillis() / 1000.0;
  }

  String summary() {
    return load.summary() + "; " + DATA_NODES + " data nodes, a fault every " + seconds(faultEvery) + " s, down "
        + seconds(minDown) + " to " + seconds(maxDown) + " s, at most " + MAX_DOWN + " down at once"
        + (maxFaults == Integer.MAX_VALUE ? "" : ", at most " + maxFaults + " faults")
        + (killMeta ? ", meta killed once" : "");
  }
}
