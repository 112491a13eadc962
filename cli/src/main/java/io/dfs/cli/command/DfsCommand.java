package io.dfs.cli.command;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code dfs} top command: only dispatches to its subcommands. */
@Command(name = "dfs", mixinStandardHelpOptions = true, version = DfsCommand.VERSION,
    description = "Command-line client of the DFS distributed file system.",
    subcommands = {LoginCommand.class, PutCommand.class, GetCommand.class, RmCommand.class, LsCommand.class,
        StatCommand.class, ClusterCommand.class, MetricsTokenCommand.class, CompletionCommand.class,
        CommandLine.HelpCommand.class})
public final class DfsCommand implements Callable<Integer> {
  public static final String VERSION = "dfs 0.1.0";
  private static final Logger LOG = LoggerFactory.getLogger(DfsCommand.class);

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "missing command");
  }

  /**
   * Parses {@code args} and runs the chosen subcommand in {@code ctx}. Exit codes: 0 success; 1 any
   * failure, reported as one line {@code dfs: <message>} on {@code ctx.err()}; 2 usage errors.
   */
  public static int execute(String[] args, CliContext ctx) {
    CommandLine cl = new CommandLine(new DfsCommand(), new CommandFactory(ctx));
    // `dfs put -V` answers like `dfs -V`.
    cl.getSubcommands().values().forEach(sub -> sub.getCommandSpec().version(VERSION));
    cl.setOut(new PrintWriter(new OutputStreamWriter(ctx.out(), StandardCharsets.UTF_8), true));
    cl.setErr(new PrintWriter(new OutputStreamWriter(ctx.err(), StandardCharsets.UTF_8), true));
    cl.setExecutionExceptionHandler((e, command, parsed) -> {
      LOG.debug("event=command_failed command={}", command.getCommandName(), e);
      command.getErr().println("dfs: " + ErrorMessages.describe(e));
      command.getErr().flush();
      return 1;
    });
    int code = cl.execute(args);
    ctx.out().flush();
    ctx.err().flush();
    return code;
  }

  /** Gives every subcommand the run's context through its constructor. */
  private static final class CommandFactory implements CommandLine.IFactory {
    private final CliContext ctx;

    CommandFactory(CliContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
      try {
        var constructor = type.getDeclaredConstructor(CliContext.class);
        constructor.setAccessible(true);
        return constructor.newInstance(ctx);
      } catch (NoSuchMethodException e) {
        return CommandLine.defaultFactory().create(type);
      }
    }
  }
}
