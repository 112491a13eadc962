package io.dfs.bench.client;

import io.dfs.cli.client.FileDownloader;
import io.dfs.cli.client.TransferListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
  Path out;

  @Override
  public Integer call() throws IOException {
    try (ClientStack stack = client.open()) {
      FileDownloader downloader = stack.downloader();
      // The warm-up writes elsewhere: a measured get that replaced a warm-up's file would free an
      // inode, and ext4 then passes over every recently freed one on each file it creates.
      Path warmupOut = Files.createDirectories(out.resolve("client-warmup"));
      ConcurrentOps.run(Math.min(files.warmup, files.files), files.clients, i -> get(downloader, i, warmupOut));
      ConcurrentOps.Timing t = ConcurrentOps.run(files.files, files.clients, i -> get(downloader, i, out));
      PhaseResult.print(SmallFileFigures.of(t).put("warmupFiles", Math.min(files.warmup, files.files)));
    }
    return 0;
  }

  private void get(FileDownloader downloader, int i, Path dir) {
    downloader.get(files.name(i), dir.resolve(String.format("%06d", i)), TransferListener.NONE).await();
  }
}
