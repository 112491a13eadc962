package io.dfs.bench;

import io.dfs.bench.client.ClientCommand;
import io.dfs.bench.limits.TcpReceiveCommand;
import io.dfs.bench.load.ChaosCommand;
import io.dfs.bench.load.LoadCommand;
import io.dfs.bench.run.RunCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Entry point of {@code bench/target/dfs-bench.jar}. {@code run} is what {@code make bench} starts,
 * {@code load} what {@code make load} starts, {@code chaos} what {@code make chaos} starts;
 * the other commands are the separate processes {@code run} starts itself: a client using the
 * CLI's client code, and the receiving end of the loopback TCP limit.
 */
@Command(name = "dfs-bench", mixinStandardHelpOptions = true,
    description = "The DFS benchmark: 'run' measures a local cluster; the rest are processes 'run' starts.",
    subcommands = {RunCommand.class, LoadCommand.class, ChaosCommand.class, ClientCommand.class, TcpReceiveCommand.class})
public final class BenchMain implements Runnable {
  @Spec
  CommandSpec spec;

  public static void main(String[] args) {
    System.exit(new CommandLine(new BenchMain()).execute(args));
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a command is needed: run, load, chaos, client or tcp-receive");
  }
}
