package io.dfs.bench.load;

import io.dfs.bench.load.Op.Kind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Draws the run's operations from its seed: 50 % get, 30 % put, 10 % ls or stat, 10 % rm; put
 * sizes log-uniform between the bounds. One put in three makes a new name and the other two replace
 * a file, so that new names (10 % of the operations) match the deletes (10 %): the number of files
 * holds steady, and a server's memory that grows over a run is a leak, not a bigger namespace. The
 * same seed gives the same operations in the same order; only their interleaving on the cluster
 * differs from run to run. Used by one thread.
 */
final class OpPlanner {
  private final SplittableRandom random;
  private final long minBytes;
  private final long maxBytes;
  /** Names with a put planned and no rm planned since: what gets, stats and rms aim at. */
  private final List<String> live = new ArrayList<>();
  private final Map<String, Integer> livePosition = new HashMap<>();
  private final List<String> ever = new ArrayList<>();
  private final String newNamePrefix;
  private long planned;
  private long newNames;

  /** {@code newNamePrefix} starts the names of new files, so that two planners never share one. */
  OpPlanner(long seed, List<String> seededNames, String newNamePrefix, long minBytes, long maxBytes) {
    this.random = new SplittableRandom(seed);
    this.newNamePrefix = newNamePrefix;
    this.minBytes = minBytes;
    this.maxBytes = maxBytes;
    seededNames.forEach(this::addLive);
  }

  Op next() {
    long index = planned++;
    double r = random.nextDouble();
    if (r < 0.5) {
      // One get in ten aims at any name ever used, some of them deleted: "no such file" is an answer too.
      String name = random.nextInt(10) == 0 || live.isEmpty() ? any(ever) : any(live);
      return new Op(index, Kind.GET, name, 0, 0);
    }
    if (r < 0.8 || live.isEmpty()) {
      String name = random.nextInt(3) == 0 || live.isEmpty() ? newNamePrefix + newNames++ : any(live);
      addLive(name);
      return new Op(index, Kind.PUT, name, logUniform(), random.nextLong());
    }
    if (r < 0.9) {
      return new Op(index, Kind.LS_STAT, random.nextBoolean() ? null : any(live), 0, 0);
    }
    String name = any(live);
    removeLive(name);
    return new Op(index, Kind.RM, name, 0, 0);
  }

  private long logUniform() {
    double lo = Math.log(minBytes);
    double hi = Math.log(maxBytes);
    return Math.min(maxBytes, Math.max(minBytes, Math.round(Math.exp(lo + random.nextDouble() * (hi - lo)))));
  }

  private String any(List<String> names) {
    return names.isEmpty() ? newNamePrefix + "none" : names.get(random.nextInt(names.size()));
  }

  private void addLive(String name) {
    // Only new names reach here: a replaced name is live already, a deleted one is never put again.
    if (!livePosition.containsKey(name)) {
      livePosition.put(name, live.size());
      live.add(name);
      ever.add(name);
    }
  }

  private void removeLive(String name) {
    Integer at = livePosition.remove(name);
    if (at == null) {
      return;
    }
    String last = live.remove(live.size() - 1);
    if (at < live.size()) {
      live.set(at, last);
      livePosition.put(last, at);
    }
  }
}
