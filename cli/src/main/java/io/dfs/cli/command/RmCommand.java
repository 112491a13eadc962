package io.dfs.cli.command;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "rm", mixinStandardHelpOptions = true, description = "Delete a file; its blocks are reclaimed on the nodes.")
final class RmCommand extends ClientCommand {
  @Parameters(index = "0", paramLabel = "NAME|ID", description = "The file's name or id.")
  String ref;

  RmCommand(CliContext ctx) {
    super(ctx);
  }

  @Override
  protected int run(ClientSession session) {
    String id = session.await(session.meta().delete(ref));
    if (!session.quiet()) {
      ctx.out().println("deleted " + ref + (ref.equals(id) ? "" : " (" + id + ")"));
    }
    return 0;
  }
}
