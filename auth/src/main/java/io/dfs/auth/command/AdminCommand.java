package io.dfs.auth.command;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * An account command working directly on a data directory. On success it prints one line saying
 * what it did and exits 0; on failure one line {@code dfs-auth: <reason>} on stderr and exit 1.
 */
abstract class AdminCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  /** Does the work and returns the line to print. */
  abstract String run() throws Exception;

  @Override
  public final Integer call() {
    try {
      String done = run();
      PrintWriter out = spec.commandLine().getOut();
      out.println(done);
      out.flush();
      return 0;
    } catch (Exception e) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("dfs-auth: " + Failures.describe(e));
      err.flush();
      return 1;
    }
  }
}
