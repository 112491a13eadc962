package io.dfs.bench.load;

import java.util.Locale;

/**
 * One fault of a chaos run: at {@code atSeconds} from the start, {@code server} is killed (kill -9,
 * started again on its data after {@code downSeconds}) or stopped (SIGSTOP, continued after
 * {@code downSeconds}).
 */
record Fault(double atSeconds, Kind kind, String server, double downSeconds) {
  enum Kind {
    KILL("kill -9"), STOP("SIGSTOP");

    private final String label;

    Kind(String label) {
      this.label = label;
    }
  }

  double backAtSeconds() {
    return atSeconds + downSeconds;
  }

  /** One line of the printed schedule. */
  String describe() {
    return String.format(Locale.ROOT, "at %6.1f s %-7s %-10s for %4.1f s", atSeconds, kind.label, server, downSeconds);
  }
}
