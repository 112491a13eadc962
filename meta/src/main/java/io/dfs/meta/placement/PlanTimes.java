package io.dfs.meta.placement;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * When each pending file was planned, on the node registry's clock. A commit counts a replica only
 * if its node has been live without a break since then: a node evicted in between (paused, cut
 * off) may finish the write late, but its copy was made while meta had already given up on it.
 *
 * <p>Kept in memory only and bounded; after a restart of meta, or for the oldest entries beyond
 * {@link #MAX_ENTRIES}, the time is unknown and the check is skipped — every node has re-joined
 * since a restart anyway. Thread-safe.
 */
public final class PlanTimes {
  static final int MAX_ENTRIES = 100_000;

  private final Map<String, Long> times = new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
      return size() > MAX_ENTRIES;
    }
  };

  public synchronized void planned(String fileId, long atMs) {
    times.put(fileId, atMs);
  }

  public synchronized OptionalLong plannedAt(String fileId) {
    Long at = times.get(fileId);
    return at == null ? OptionalLong.empty() : OptionalLong.of(at);
  }

  public synchronized void forget(String fileId) {
    times.remove(fileId);
  }
}
