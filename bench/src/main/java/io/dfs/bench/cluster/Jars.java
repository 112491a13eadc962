package io.dfs.bench.cluster;

import java.nio.file.Files;
import java.nio.file.Path;

/** The shaded jars a build leaves under each module's target/, found from the repository root. */
public record Jars(Path auth, Path meta, Path datanode, Path bench) {
  /** The jars under {@code root}; fails naming the first one missing. */
  public static Jars under(Path root) {
    return new Jars(require(root, "auth/target/dfs-auth.jar"), require(root, "meta/target/dfs-meta.jar"),
        require(root, "datanode/target/dfs-datanode.jar"), require(root, "bench/target/dfs-bench.jar"));
  }

  private static Path require(Path root, String relative) {
    Path jar = root.resolve(relative).toAbsolutePath().normalize();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: build first (make bench does)");
    }
    return jar;
  }

  /** The java launcher of this JVM, so every process runs on the same runtime. */
  public static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
