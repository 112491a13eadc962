package io.dfs.meta;

import io.dfs.common.config.ConfigLoader;
import io.dfs.common.config.MetaConfig;
import io.dfs.common.metrics.ServerMetrics;
import io.dfs.common.log.ServerLogs;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar dfs-meta.jar --config FILE}: loads the config (its keys overridden by
 * {@code DFS_META_<KEY>} environment variables), starts the meta server on its
 * own Vert.x instance, and stops it on JVM shutdown (SIGTERM, Ctrl-C). Any start failure prints
 * one line on stderr and exits with status 1.
 */
@Command(name = "dfs-meta", mixinStandardHelpOptions = true,
    description = "Runs the DFS meta server: namespace, placement, node health, status page.")
public final class MetaMain implements Callable<Integer> {
  @Option(names = "--config", required = true, paramLabel = "FILE",
      description = "meta config, JSON or YAML (.yaml, .yml); DFS_META_<KEY> variables override its keys")
  Path config;

  public static void main(String[] args) {
    int code = new CommandLine(new MetaMain()).execute(args);
    if (code != 0) {
      System.exit(code);
    }
  }

  @Override
  public Integer call() {
    Vertx vertx = null;
    try {
      MetaConfig cfg = ConfigLoader.load(config, MetaConfig.class, MetaConfig.ENV_PREFIX, System.getenv());
      ServerLogs.level(cfg.logLevel());
      ServerMetrics metrics = ServerMetrics.create("meta");
      vertx = metrics.newVertx();
      MetaServer server = MetaServer.start(vertx, cfg, metrics).await();
      Vertx running = vertx;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        server.stop().await();
        running.close().await();
      }, "dfs-meta-shutdown"));
      return 0;
    } catch (RuntimeException e) {
      System.err.println("meta: " + firstLine(e));
      if (vertx != null) {
        vertx.close().await();
      }
      return 1;
    }
  }

  private static String firstLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
