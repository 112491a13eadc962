package io.dfs.it;

/**
 * The state of a test cluster when something failed, attached to the failure as a suppressed
 * exception so that the test report shows it next to the failure, whatever happens to stdout.
 */
final class ClusterStateReport extends Exception {
  private static final long serialVersionUID = 1L;

  ClusterStateReport(String what, String state) {
    // No stack trace: where the report was made says nothing; the failure has its own.
    super(what + "\n" + state, null, false, false);
  }
}
