package io.dfs.cli.command;

import io.dfs.cli.client.LoginResult;
import io.dfs.common.config.ConfigLoader;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/**
 * {@code dfs metrics-token [--ttl 30d]}: asks auth, as the logged-in admin, for a token with role
 * {@code metrics} and prints it, for a Prometheus server's {@code credentials_file}.
 */
@Command(name = "metrics-token", mixinStandardHelpOptions = true,
    description = "Print a token a Prometheus server can scrape /metrics with (admins only).")
final class MetricsTokenCommand extends ClientCommand {
  @Option(names = "--ttl", paramLabel = "DURATION", defaultValue = "30d", converter = DurationConverter.class,
      description = "How long the token is valid: 12h, 30d, ... (default ${DEFAULT-VALUE}; at most auth's "
          + "metricsTokenMaxTtl, 90d unless configured).")
  Duration ttl;

  @Option(names = "--json", description = "Print {\"token\",\"expiresIn\"} (seconds).")
  boolean json;

  MetricsTokenCommand(CliContext ctx) {
    super(ctx);
  }

  @Override
  protected int run(ClientSession session) {
    LoginResult issued = session.await(session.auth().metricsToken(session.token(), ttl.toSeconds()));
    if (json) {
      ctx.out().println(new JsonObject().put("token", issued.token()).put("expiresIn", issued.expiresIn()).encode());
    } else {
      // The token alone, so that `dfs metrics-token > prometheus.token` makes the credentials file.
      ctx.out().println(issued.token());
    }
    return 0;
  }

  static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      Duration d = ConfigLoader.parseDuration(value);
      if (d.toSeconds() < 1) {
        throw new IllegalArgumentException("'" + value + "' is shorter than a second");
      }
      return d;
    }
  }
}
