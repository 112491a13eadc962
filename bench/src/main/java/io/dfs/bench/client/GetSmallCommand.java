package io.dfs.bench.client;

import io.dfs.cli.client.FileDownloader;
import io.dfs.cli.client.TransferListener;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Many small files down into local files, each a whole {@code dfs get NAME LOCAL} as the CLI's
 * downloader does it (lookup, block from the first replica, checksum, rename into place).
 */
@Command(name = "get-small", description = "Download many small files with concurrent clients.")
final class GetSmallCommand implements Callable<Integer> {
  @Mixin
  ClientOptions client;

  @Mixin
  SmallFileOptions files;

  @Option(names = "--out", required = true, description = "Local directory the files are written to.")
  java.nio.file.Path out;

  @Override
  public Integer call() {
    try (ClientStack stack = client.open()) {
      FileDownloader downloader = stack.downloader();
      ConcurrentOps.Op get = i ->
          downloader.get(files.name(i), out.resolve(String.format("%06d", i)), TransferListener.NONE).await();
      ConcurrentOps.run(Math.min(files.warmup, files.files), files.clients, get);
      ConcurrentOps.Timing t = ConcurrentOps.run(files.files, files.clients, get);
      PhaseResult.print(SmallFileFigures.of(t).put("warmupFiles", Math.min(files.warmup, files.files)));
    }
    return 0;
  }
}
