package io.dfs.datanode;

import io.dfs.common.config.ConfigLoader;
import io.dfs.common.config.DatanodeConfig;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code java -jar dfs-datanode.jar --config FILE}: runs a data node until it is stopped. */
@Command(name = "dfs-datanode", mixinStandardHelpOptions = true, version = "dfs-datanode 0.1.0",
    description = "Runs a DFS data node.")
public final class DatanodeMain implements Callable<Integer> {
  @Option(names = "--config", required = true, description = "the data node's JSON config file")
  Path config;

  public static void main(String[] args) {
    int code = new CommandLine(new DatanodeMain()).execute(args);
    if (code != 0) {
      System.exit(code);
    }
  }

  @Override
  public Integer call() {
    DatanodeConfig conf;
    try {
      conf = ConfigLoader.load(config, DatanodeConfig.class);
    } catch (RuntimeException e) {
      System.err.println("dfs-datanode: " + e.getMessage());
      return 1;
    }
    Vertx vertx = Vertx.vertx();
    try {
      DatanodeServer server = DatanodeServer.start(vertx, conf).await();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        server.stop().eventually(vertx::close).await();
      }, "dfs-datanode-shutdown"));
      return 0;
    } catch (Throwable e) {
      System.err.println("dfs-datanode: cannot start: " + e.getMessage());
      vertx.close();
      return 1;
    }
  }
}
