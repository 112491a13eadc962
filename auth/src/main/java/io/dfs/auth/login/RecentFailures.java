package io.dfs.auth.login;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Failure counts by key, at most {@code max} of them: adding one more forgets the one seen least
 * recently. Not thread-safe; its {@link LoginThrottle} guards it.
 */
final class RecentFailures {
  private final Map<String, FailureCount> counts;

  RecentFailures(int max) {
    this.counts = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, FailureCount> eldest) {
        return size() > max;
      }
    };
  }

  /** The count of {@code key}, or null if it has none; counts as a use of it. */
  FailureCount find(String key) {
    return counts.get(key);
  }

  FailureCount findOrCreate(String key) {
    return counts.computeIfAbsent(key, k -> new FailureCount());
  }

  /** Drops {@code count} if it is still the one kept for {@code key} and has nothing to remember. */
  void forgetIfIdle(String key, FailureCount count) {
    if (count.idle()) {
      counts.remove(key, count);
    }
  }

  int size() {
    return counts.size();
  }
}
