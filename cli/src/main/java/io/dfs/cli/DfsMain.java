package io.dfs.cli;

import io.dfs.cli.command.CliContext;
import io.dfs.cli.command.DfsCommand;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Map;

/**
 * Entry point of the {@code dfs} command ({@code bin/dfs}, {@code java -jar cli/target/dfs.jar}).
 * Exit codes: 0 success, 1 failure (one line {@code dfs: <message>} on stderr), 2 usage error.
 */
public final class DfsMain {
  private DfsMain() {}

  public static void main(String[] args) {
    // UTF-8 whatever the locale, so names print as they are; stdout buffered for `get -`.
    PrintStream out = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16),
        false, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
    int code = DfsCommand.execute(args, context(System.in, out, err, System.getenv(), System.console() != null));
    out.flush();
    err.flush();
    System.exit(code);
  }

  /**
   * Runs one command in this JVM with the given streams and environment ({@code DFS_HOME},
   * {@code DFS_CONFIG}, {@code USER}) and returns its exit code. Progress bars are drawn only when
   * {@code err} is this process's stderr and the process has a terminal.
   */
  public static int run(String[] args, InputStream in, PrintStream out, PrintStream err, Map<String, String> env) {
    return DfsCommand.execute(args, context(in, out, err, env, System.console() != null && err == System.err));
  }

  private static CliContext context(InputStream in, PrintStream out, PrintStream err, Map<String, String> env,
      boolean terminal) {
    return new CliContext(in, out, err, Map.copyOf(env), terminal, Clock.systemUTC(), ZoneId.systemDefault());
  }
}
