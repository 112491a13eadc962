package io.dfs.bench.run;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code make bench}: the whole benchmark, sized by the BENCH_* environment variables. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Start local clusters from the built jars, measure every figure, write bench/results.json.")
public final class RunCommand implements Callable<Integer> {
  @Option(names = "--root", defaultValue = ".", description = "The repository root (where the built jars are).")
  Path root;

  /** 0: every step ran (targets may be missed); 1: a step failed; 2: the run could not start. */
  @Override
  public Integer call() {
    Path absolute = root.toAbsolutePath().normalize();
    BenchRun run;
    try {
      run = new BenchRun(BenchSettings.fromEnv(System.getenv(), absolute), absolute);
    } catch (IllegalArgumentException e) {
      System.err.println("bench: " + e.getMessage());
      return 2;
    }
    return run.run();
  }
}
