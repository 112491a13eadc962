package io.dfs.auth.command;

import io.dfs.auth.AuthServer;
import io.dfs.common.config.AuthConfig;
import io.dfs.common.config.ConfigLoader;
import io.dfs.common.metrics.ServerMetrics;
import io.dfs.common.log.ServerLogs;
import io.dfs.common.log.SocketTransport;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dfs-auth serve --config FILE}: runs the auth server until the process is stopped, with the
 * config's keys overridden by {@code DFS_AUTH_<KEY>} environment variables. The
 * command returns once the server listens, leaving Vert.x's threads to keep the process alive; a
 * shutdown hook stops the server and closes Vert.x. A bad config or a failed start prints one line
 * on stderr and returns 1.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, version = AuthVersion.TEXT,
    description = "Run the auth server.")
public final class ServeCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);
  private static final long SHUTDOWN_SECONDS = 10;

  @Option(names = "--config", required = true, paramLabel = "FILE",
      description = "the server's config, JSON or YAML (.yaml, .yml); DFS_AUTH_<KEY> variables override its keys")
  Path configFile;

  @Spec
  CommandSpec spec;

  private volatile boolean serving;

  @Override
  public Integer call() {
    AuthConfig config;
    try {
      config = ConfigLoader.load(configFile, AuthConfig.class, AuthConfig.ENV_PREFIX, System.getenv());
    } catch (RuntimeException e) {
      return fail(Failures.describe(e));
    }
    ServerLogs.level(config.logLevel());
    ServerMetrics metrics = ServerMetrics.create("auth");
    Vertx vertx = metrics.newVertx();
    AuthServer server;
    try {
      server = AuthServer.start(vertx, config, Clock.systemUTC(), metrics).await();
    } catch (RuntimeException e) {
      vertx.close().await();
      return fail("cannot start: " + Failures.describe(e));
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(server, vertx), "dfs-auth-shutdown"));
    LOG.info("event=started port={} url={} kid={} transport={}", server.port(), server.url(), server.activeKid(),
        SocketTransport.of(vertx));
    serving = true;
    return 0;
  }

  /** Whether the server was started and is left running when this command returns. */
  public boolean serving() {
    return serving;
  }

  private static void stop(AuthServer server, Vertx vertx) {
    LOG.info("event=stopping");
    try {
      // One after the other from this thread: a chained close would complete on a closed event loop.
      server.stop().await(SHUTDOWN_SECONDS, TimeUnit.SECONDS);
      vertx.close().await(SHUTDOWN_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("event=stop_incomplete reason=\"{}\"", Failures.describe(e));
    }
  }

  private int fail(String message) {
    PrintWriter err = spec.commandLine().getErr();
    err.println("dfs-auth: " + message);
    err.flush();
    return 1;
  }
}
