package io.dfs.auth;

import io.dfs.auth.command.AuthVersion;
import io.dfs.auth.command.ServeCommand;
import io.dfs.auth.command.ServiceCommand;
import io.dfs.auth.command.StdinSource;
import io.dfs.auth.command.UserCommand;
import java.io.InputStream;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code dfs-auth} command ({@code java -jar auth/target/dfs-auth.jar}):
 * <ul>
 *   <li>{@code serve --config FILE} runs the server; {@code --config FILE} alone means the same;
 *   <li>{@code user add --data-dir DIR --name NAME [--role admin] [--password-stdin]};
 *   <li>{@code user unlock --data-dir DIR --name NAME} lifts the lock after too many failed logins;
 *   <li>{@code service add --data-dir DIR --id ID --role datanode|meta --secret-file FILE}.
 * </ul>
 * The account commands work on the data directory and need no running server. Exit codes: 0
 * success, 1 failure with one line {@code dfs-auth: <reason>} on stderr, 2 usage error.
 */
@Command(name = "dfs-auth", mixinStandardHelpOptions = true, version = AuthVersion.TEXT,
    description = "The DFS auth server: issues tokens, publishes its keys, manages accounts.",
    subcommands = {ServeCommand.class, UserCommand.class, ServiceCommand.class, CommandLine.HelpCommand.class})
public final class AuthMain implements Callable<Integer>, StdinSource {
  private final InputStream stdin;

  @Spec
  CommandSpec spec;

  /** Reads piped input from {@link System#in}. */
  public AuthMain() {
    this(null);
  }

  /** Reads piped input (a password) from {@code stdin}; for running commands in-process. */
  public AuthMain(InputStream stdin) {
    this.stdin = stdin;
  }

  @Override
  public InputStream stdin() {
    return stdin != null ? stdin : System.in;
  }

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "missing command: serve, user or service");
  }

  public static void main(String[] args) {
    CommandLine cl = new CommandLine(new AuthMain());
    cl.setParameterExceptionHandler((e, given) -> {
      e.getCommandLine().getErr().println("dfs-auth: " + e.getMessage() + " (see --help)");
      return 2;
    });
    cl.setExecutionExceptionHandler((e, command, parsed) -> {
      command.getErr().println("dfs-auth: internal error: " + e);
      return 1;
    });
    int code = cl.execute(withDefaultCommand(args));
    ServeCommand serve = cl.getSubcommands().get("serve").getCommand();
    if (code != 0 || !serve.serving()) {
      System.exit(code);
    }
  }

  /** {@code --config FILE ...} is short for {@code serve --config FILE ...}. */
  static String[] withDefaultCommand(String[] args) {
    if (args.length > 0 && (args[0].equals("--config") || args[0].startsWith("--config="))) {
      String[] withServe = new String[args.length + 1];
      withServe[0] = "serve";
      System.arraycopy(args, 0, withServe, 1, args.length);
      return withServe;
    }
    return Arrays.copyOf(args, args.length);
  }
}
