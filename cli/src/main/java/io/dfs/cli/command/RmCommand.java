package io.dfs.cli.command;

import io.dfs.cli.client.DeletedFile;
import io.dfs.cli.output.JsonViews;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "rm", mixinStandardHelpOptions = true, description = "Delete a file; its blocks are reclaimed on the nodes.")
final class RmCommand extends ClientCommand {
  @Parameters(index = "0", paramLabel = "NAME|ID", description = "The file's name or id.")
  String ref;

  @Option(names = "--json", description = "Print {\"id\",\"name\",\"deleted\":true}, even with --quiet.")
  boolean json;

  RmCommand(CliContext ctx) {
    super(ctx);
  }

  @Override
  protected int run(ClientSession session) {
    DeletedFile deleted = session.await(session.meta().delete(ref));
    if (json) {
      ctx.out().println(JsonViews.deleted(deleted).encode());
    } else if (!session.quiet()) {
      ctx.out().println("deleted " + ref + (ref.equals(deleted.id()) ? "" : " (" + deleted.id() + ")"));
    }
    return 0;
  }
}
