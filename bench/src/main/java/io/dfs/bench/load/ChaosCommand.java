package io.dfs.bench.load;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code make chaos}: the load under a seeded schedule of killed and stopped servers. */
@Command(name = "chaos", mixinStandardHelpOptions = true,
    description = "Run the load against five data nodes while a seeded schedule kills and stops servers; check "
        + "every answer, every replica and every file.")
public final class ChaosCommand implements Callable<Integer> {
  @Option(names = "--root", defaultValue = ".", description = "The repository root (where the built jars are).")
  Path root;

  /** 0: everything held; 1: something did not (the figures say what); 2: the run could not start. */
  @Override
  public Integer call() {
    Path absolute = root.toAbsolutePath().normalize();
    ChaosSettings settings;
    try {
      settings = ChaosSettings.fromEnv(System.getenv(), absolute);
    } catch (IllegalArgumentException e) {
      System.err.println("chaos: " + e.getMessage());
      return 2;
    }
    return new ChaosRun(settings, absolute).run();
  }
}
