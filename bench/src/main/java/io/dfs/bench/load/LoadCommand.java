package io.dfs.bench.load;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code make load}: sustained concurrent use of a local cluster, every answer checked. */
@Command(name = "load", mixinStandardHelpOptions = true,
    description = "Run writers and readers against a local cluster from the built jars; check every answer.")
public final class LoadCommand implements Callable<Integer> {
  @Option(names = "--root", defaultValue = ".", description = "The repository root (where the built jars are).")
  Path root;

  /** 0: every answer right; 1: an error, a wrong answer or a failed step; 2: the run could not start. */
  @Override
  public Integer call() {
    Path absolute = root.toAbsolutePath().normalize();
    LoadSettings settings;
    try {
      settings = LoadSettings.fromEnv(System.getenv(), absolute);
    } catch (IllegalArgumentException e) {
      System.err.println("load: " + e.getMessage());
      return 2;
    }
    return new LoadRun(settings, absolute).run();
  }
}
