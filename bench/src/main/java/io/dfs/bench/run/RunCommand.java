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

  @Override
  public Integer call() {
    Path absolute = root.toAbsolutePath().normalize();
    return new BenchRun(BenchSettings.fromEnv(System.getenv(), absolute), absolute).run();
  }
}
