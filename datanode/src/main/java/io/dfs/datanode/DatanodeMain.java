package io.dfs.datanode;

import io.dfs.common.config.ConfigLoader;
import io.dfs.common.config.DatanodeConfig;
import io.dfs.common.metrics.ServerMetrics;
import io.dfs.common.log.ServerLogs;
import io.dfs.datanode.store.NodeIdentity;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar dfs-datanode.jar --config FILE}: runs a data node until the process is stopped,
 * with the config's keys overridden by {@code DFS_DATANODE_<KEY>} environment variables.
 * A config or start-up failure prints one line on stderr and exits 1.
 */
@Command(name = "dfs-datanode", mixinStandardHelpOptions = true, version = "dfs-datanode 0.1.0",
    description = "Runs a DFS data node.")
public final class DatanodeMain implements Callable<Integer> {
  /** How long a shutdown waits for the node to close cleanly. */
  static final long SHUTDOWN_TIMEOUT_SECONDS = 10;

  @Option(names = "--config", required = true, paramLabel = "FILE",
      description = "the data node's config, JSON or YAML (.yaml, .yml); DFS_DATANODE_<KEY> variables override its keys")
  Path config;

  public static void main(String[] args) {
    int code = new CommandLine(new DatanodeMain()).execute(args);
    if (code != 0) {
      System.exit(code);
    }
    // On success the Vert.x threads keep the process running until it is stopped.
  }

  @Override
  public Integer call() {
    DatanodeConfig conf;
    try {
      conf = ConfigLoader.load(config, DatanodeConfig.class, DatanodeConfig.ENV_PREFIX, System.getenv());
    } catch (RuntimeException e) {
      System.err.println("dfs-datanode: " + e.getMessage());
      return 1;
    }
    ServerLogs.level(conf.logLevel());
    try {
      // Read (or made) before the server starts, so that every line it logs names the node.
      ServerLogs.nodeId(NodeIdentity.loadOrCreate(Path.of(conf.dataDir()), conf.nodeName()));
    } catch (IllegalArgumentException e) {
      System.err.println("dfs-datanode: " + e.getMessage());
      return 1;
    } catch (IOException e) {
      System.err.println("dfs-datanode: cannot read or write node.json in " + conf.dataDir() + ": " + e);
      return 1;
    }
    ServerMetrics metrics = ServerMetrics.create("datanode");
    Vertx vertx = metrics.newVertx();
    DatanodeServer server;
    try {
      server = DatanodeServer.start(vertx, conf, metrics).await();
    } catch (Throwable e) {
      System.err.println("dfs-datanode: cannot start: " + e.getMessage());
      try {
        vertx.close().await(SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      } catch (Exception closing) {
        // Exiting anyway; the start failure is what the operator needs to see.
      }
      return 1;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        // One after the other from this thread: a chained close would complete on a closed event
        // loop, and the wait would run out instead.
        server.stop().await(SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        vertx.close().await(SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      } catch (Exception e) {
        System.err.println("dfs-datanode: unclean shutdown: " + e.getMessage());
      }
    }, "dfs-datanode-shutdown"));
    return 0;
  }
}
