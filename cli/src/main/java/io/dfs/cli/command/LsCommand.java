package io.dfs.cli.command;

import io.dfs.cli.client.FileSummary;
import io.dfs.cli.output.HumanViews;
import io.dfs.cli.output.JsonViews;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "ls", mixinStandardHelpOptions = true, description = "List your files.")
final class LsCommand extends ClientCommand {
  @Option(names = "--json", description = "Print {\"files\":[{\"id\",\"name\",\"size\",\"createdAt\"}]}.")
  boolean json;

  LsCommand(CliContext ctx) {
    super(ctx);
  }

  @Override
  protected int run(ClientSession session) {
    List<FileSummary> files = session.await(session.meta().list());
    if (json) {
      ctx.out().println(JsonViews.files(files).encode());
    } else {
      ctx.out().print(new HumanViews(ctx.zone()).files(files));
    }
    return 0;
  }
}
