package io.dfs.cli.command;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every subcommand takes. */
public final class CommonOptions {
  @Option(names = "--config", paramLabel = "FILE",
      description = "Client config (default: $DFS_CONFIG if set, else configs/client.json if it exists, "
          + "else built-in defaults).")
  Path config;

  @Option(names = {"-q", "--quiet"}, description = "No progress bars and no chatter; data and errors only.")
  boolean quiet;
}
