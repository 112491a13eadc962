package io.dfs.cli.command;

import io.dfs.cli.client.FileInfo;
import io.dfs.cli.output.JsonViews;
import io.dfs.cli.output.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "get", mixinStandardHelpOptions = true,
    description = "Download a file. LOCAL is replaced atomically and is never left partial; '-' writes to standard output.")
final class GetCommand extends ClientCommand {
  static final String STDOUT = "-";

  @Parameters(index = "0", paramLabel = "NAME|ID", description = "The file's name or id.")
  String ref;

  @Parameters(index = "1", arity = "0..1", paramLabel = "LOCAL|-",
      description = "Where to write (default: the name's last segment in the working directory; "
          + "an existing directory: that name inside it).")
  String local;

  @Option(names = "--json", description = "Print {\"id\",\"name\",\"size\",\"path\"} once LOCAL is written, even with --quiet.")
  boolean json;

  @Spec
  CommandSpec spec;

  GetCommand(CliContext ctx) {
    super(ctx);
  }

  @Override
  protected int run(ClientSession session) {
    if (json && STDOUT.equals(local)) {
      throw new ParameterException(spec.commandLine(), "--json needs a LOCAL file: standard output carries the file's bytes");
    }
    FileInfo file = session.await(session.meta().lookup(ref));
    try (Progress progress = session.progress()) {
      if (STDOUT.equals(local)) {
        session.await(session.downloader().download(file, ctx.out(), progress));
        return 0;
      }
      Path target = target(local, file.name());
      session.await(session.downloader().download(file, target, progress));
      if (json) {
        ctx.out().println(JsonViews.downloaded(file, target).encode());
      }
    }
    return 0;
  }

  /** {@code local}, or the name's last segment inside it when it is a directory, or in the working directory. */
  static Path target(String local, String name) {
    String lastSegment = name.substring(name.lastIndexOf('/') + 1);
    if (local == null) {
      return Path.of(lastSegment);
    }
    Path path = Path.of(local);
    return Files.isDirectory(path) ? path.resolve(lastSegment) : path;
  }
}
