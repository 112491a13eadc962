package io.dfs.bench.client;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Which small files a phase moves, and with how many concurrent clients. */
final class SmallFileOptions {
  @Option(names = "--dir", required = true, description = "Local directory of the files (named 000000, 000001, ...).")
  Path dir;

  @Option(names = "--files", required = true, description = "Files measured.")
  int files;

  @Option(names = "--clients", required = true, description = "Concurrent clients, each one operation at a time.")
  int clients;

  @Option(names = "--prefix", required = true, description = "Names in DFS: PREFIX000000, ...")
  String prefix;

  @Option(names = "--warmup", defaultValue = "0",
      description = "Operations done first and not measured, so the client's JIT compilation is not timed.")
  int warmup;

  Path local(int i) {
    return dir.resolve(String.format("%06d", i));
  }

  String name(int i) {
    return prefix + String.format("%06d", i);
  }
}
