package io.dfs.bench.client;

import io.dfs.cli.client.FileInfo;
import io.dfs.cli.client.TransferListener;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** One file up, timed from the upload's first request to meta's answer to its commit. */
@Command(name = "put", description = "Upload one file and time it.")
final class PutCommand implements Callable<Integer> {
  @Mixin
  ClientOptions client;

  @Parameters(index = "0", paramLabel = "LOCAL")
  Path local;

  @Parameters(index = "1", paramLabel = "NAME")
  String name;

  @Override
  public Integer call() {
    try (ClientStack stack = client.open()) {
      long start = System.nanoTime();
      FileInfo file = stack.uploader().put(local, name, TransferListener.NONE).await();
      long nanos = System.nanoTime() - start;
      PhaseResult.print(new JsonObject().put("bytes", file.size()).put("seconds", nanos / 1e9)
          .put("blocks", file.blocks().size()).put("id", file.id()));
    }
    return 0;
  }
}
