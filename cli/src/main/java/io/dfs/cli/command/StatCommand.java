package io.dfs.cli.command;

import io.dfs.cli.client.FileInfo;
import io.dfs.cli.output.HumanViews;
import io.dfs.cli.output.JsonViews;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "stat", mixinStandardHelpOptions = true, description = "Show a file's blocks and where their replicas live.")
final class StatCommand extends ClientCommand {
  @Parameters(index = "0", paramLabel = "NAME|ID", description = "The file's name or id.")
  String ref;

  @Option(names = "--json", description = "Print {\"id\",\"name\",\"size\",\"blocks\":[{\"id\",\"offset\",\"length\","
      + "\"crc32c\",\"replicas\":[{\"node\",\"host\",\"port\"}]}]}.")
  boolean json;

  StatCommand(CliContext ctx) {
    super(ctx);
  }

  @Override
  protected int run(ClientSession session) {
    FileInfo file = session.await(session.meta().lookup(ref));
    if (json) {
      ctx.out().println(JsonViews.stat(file).encode());
    } else {
      ctx.out().print(new HumanViews(ctx.zone()).stat(file));
    }
    return 0;
  }
}
