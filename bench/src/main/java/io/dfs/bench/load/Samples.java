package io.dfs.bench.load;

import java.util.ArrayList;
import java.util.List;

/** The first few lines about what went wrong, kept for the report; thread-safe. */
final class Samples {
  static final int MAX = 20;

  private final List<String> lines = new ArrayList<>();

  synchronized void add(String line) {
    if (lines.size() < MAX) {
      lines.add(line);
    }
  }

  synchronized List<String> lines() {
    return List.copyOf(lines);
  }
}
