package io.dfs.it;

/** Closes what a test class started, in order, each even if an earlier one failed to start or close. */
final class Closing {
  private Closing() {}

  static void all(AutoCloseable... things) {
    RuntimeException first = null;
    for (AutoCloseable t : things) {
      if (t == null) {
        continue;
      }
      try {
        t.close();
      } catch (Exception e) {
        if (first == null) {
          first = new IllegalStateException("cannot close " + t, e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
