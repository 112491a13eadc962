package io.dfs.cli.command;

import io.dfs.cli.client.CachedToken;
import io.dfs.cli.client.LoginResult;
import io.dfs.cli.output.JsonViews;
import io.dfs.common.error.DfsException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "login", mixinStandardHelpOptions = true,
    description = "Log in and keep the session token in $DFS_HOME/token.json (default ~/.dfs).")
final class LoginCommand extends ClientCommand {
  @Option(names = "--user", paramLabel = "NAME", description = "User name (default: $USER).")
  String user;

  @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
  boolean passwordStdin;

  @Option(names = "--json", description = "Print {\"user\",\"expiresAt\"} (epoch milliseconds), even with --quiet.")
  boolean json;

  LoginCommand(CliContext ctx) {
    super(ctx);
  }

  @Override
  protected int run(ClientSession session) {
    String name = user != null ? user : ctx.env().get("USER");
    if (name == null || name.isBlank()) {
      throw DfsException.badRequest("no user name: pass --user NAME");
    }
    String password = passwordStdin ? PasswordInput.firstLine(ctx.in()) : PasswordInput.prompt(name);
    LoginResult result = session.await(session.auth().login(name, password));
    long expiresAt = ctx.clock().millis() + result.expiresIn() * 1000;
    session.tokens().save(new CachedToken(result.token(), expiresAt, name, session.config().authUrl()));
    if (json) {
      ctx.out().println(JsonViews.login(name, expiresAt).encode());
    } else if (!session.quiet()) {
      ctx.out().println("logged in as " + name + " (session valid for " + minutes(result.expiresIn()) + ")");
    }
    return 0;
  }

  private static String minutes(long seconds) {
    return seconds >= 120 ? seconds / 60 + " minutes" : seconds + " seconds";
  }
}
