package io.dfs.datanode.testsupport;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for an asynchronous outcome, polling; fails the test naming what never happened. */
public final class Await {
  private Await() {}

  public static void until(String what, Duration patience, BooleanSupplier condition) {
    long deadline = System.nanoTime() + patience.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("timed out waiting for: " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
