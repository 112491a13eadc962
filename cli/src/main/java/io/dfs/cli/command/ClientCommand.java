package io.dfs.cli.command;

import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/**
 * A subcommand that talks to the cluster: it gets the common options, a {@link ClientSession} for
 * the run, and the session closed (Vert.x and all) when it returns or throws. A thrown exception
 * becomes {@code dfs: <message>} and exit code 1.
 */
abstract class ClientCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common = new CommonOptions();

  protected final CliContext ctx;

  ClientCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public final Integer call() throws Exception {
    try (ClientSession session = ClientSession.open(ctx, common)) {
      return run(session);
    } finally {
      ctx.out().flush();
    }
  }

  /** Does the command's work; returns the exit code. */
  protected abstract int run(ClientSession session) throws Exception;
}
