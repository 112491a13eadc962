package io.dfs.bench.client;

import io.dfs.cli.client.FileInfo;
import io.dfs.cli.client.TransferListener;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** One file down to a local file, timed from the lookup to the last byte in place. */
@Command(name = "get", description = "Download one file and time it.")
final class GetCommand implements Callable<Integer> {
  @Mixin
  ClientOptions client;

  @Parameters(index = "0", paramLabel = "NAME")
  String name;

  @Parameters(index = "1", paramLabel = "LOCAL")
  Path target;

  @Override
  public Integer call() {
    try (ClientStack stack = client.open()) {
      long start = System.nanoTime();
      FileInfo file = stack.downloader().get(name, target, TransferListener.NONE).await();
      long nanos = System.nanoTime() - start;
      PhaseResult.print(new JsonObject().put("bytes", file.size()).put("seconds", nanos / 1e9)
          .put("blocks", file.blocks().size()));
    }
    return 0;
  }
}
