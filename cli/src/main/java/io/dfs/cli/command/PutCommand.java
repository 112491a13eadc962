package io.dfs.cli.command;

import io.dfs.cli.client.FileInfo;
import io.dfs.cli.output.JsonViews;
import io.dfs.cli.output.Progress;
import io.dfs.common.error.DfsException;
import io.dfs.common.ids.FileNames;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "put", mixinStandardHelpOptions = true,
    description = "Upload a local file; prints the new file's id. An existing NAME is replaced atomically.")
final class PutCommand extends ClientCommand {
  @Parameters(index = "0", paramLabel = "LOCAL", description = "The local file.")
  Path local;

  @Parameters(index = "1", arity = "0..1", paramLabel = "NAME", description = "Name in DFS (default: LOCAL's file name).")
  String name;

  @Option(names = "--json", description = "Print the stored file as 'stat --json' does: {\"id\",\"name\",\"size\","
      + "\"blocks\":[{\"id\",\"offset\",\"length\",\"crc32c\",\"replicas\":[{\"node\",\"host\",\"port\"}]}]}.")
  boolean json;

  PutCommand(CliContext ctx) {
    super(ctx);
  }

  @Override
  protected int run(ClientSession session) {
    String target = name != null ? name : local.getFileName() == null ? "" : local.getFileName().toString();
    try {
      FileNames.require(target);
    } catch (DfsException e) {
      throw new DfsException(e.code(), "invalid name '" + target + "': " + e.getMessage());
    }
    FileInfo file;
    try (Progress progress = session.progress()) {
      file = session.await(session.uploader().put(local, target, progress));
    }
    ctx.out().println(json ? JsonViews.stat(file).encode() : file.id());
    return 0;
  }
}
