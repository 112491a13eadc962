package io.dfs.bench.client;

import io.dfs.cli.client.FileUploader;
import io.dfs.cli.client.TransferListener;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * Many small files up, each a whole {@code dfs put} as the CLI's uploader does it (plan, block
 * through the replication pipe, commit); files per second over the phase and each put's latency.
 */
@Command(name = "put-small", description = "Upload many small files with concurrent clients.")
final class PutSmallCommand implements Callable<Integer> {
  @Mixin
  ClientOptions client;

  @Mixin
  SmallFileOptions files;

  @Override
  public Integer call() {
    try (ClientStack stack = client.open()) {
      FileUploader uploader = stack.uploader();
      ConcurrentOps.run(files.warmup, files.clients, i ->
          uploader.put(files.local(i), files.prefix + "warmup/" + i, TransferListener.NONE).await());
      ConcurrentOps.Timing t = ConcurrentOps.run(files.files, files.clients, i ->
          uploader.put(files.local(i), files.name(i), TransferListener.NONE).await());
      PhaseResult.print(SmallFileFigures.of(t).put("warmupFiles", files.warmup));
    }
    return 0;
  }
}
