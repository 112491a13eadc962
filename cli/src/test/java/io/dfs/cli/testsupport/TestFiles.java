package io.dfs.cli.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Deterministic random file contents for transfer tests. */
public final class TestFiles {
  private TestFiles() {}

  public static byte[] bytes(int size, long seed) {
    byte[] data = new byte[size];
    new Random(seed).nextBytes(data);
    return data;
  }

  public static Path write(Path dir, String name, int size, long seed) throws IOException {
    return Files.write(dir.resolve(name), bytes(size, seed));
  }

  /** Every entry of {@code dir}, hidden ones included, for "nothing left behind" checks. */
  public static java.util.List<String> list(Path dir) throws IOException {
    try (var entries = Files.list(dir)) {
      return entries.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
