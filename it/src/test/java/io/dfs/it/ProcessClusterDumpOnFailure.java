package io.dfs.it;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/** Prints the process cluster's server logs when a test fails, so CI output shows why. */
final class ProcessClusterDumpOnFailure implements TestWatcher {
  private static volatile ProcessCluster watched;

  static void watch(ProcessCluster cluster) {
    watched = cluster;
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    ProcessCluster c = watched;
    if (c != null) {
      System.err.println("==== " + context.getDisplayName() + " failed; cluster state follows");
      System.err.println(c.dump());
    }
  }
}
