package io.dfs.it;

import java.nio.file.Files;
import java.nio.file.Path;

/** The shaded jars that `mvn package` built, for tests that run real processes. */
final class Jars {
  private Jars() {}

  static Path root() {
    String root = System.getProperty("dfs.root");
    Path p = root != null ? Path.of(root) : Path.of("..").toAbsolutePath().normalize();
    return p.toAbsolutePath().normalize();
  }

  static Path auth() {
    return require("auth/target/dfs-auth.jar");
  }

  static Path meta() {
    return require("meta/target/dfs-meta.jar");
  }

  static Path datanode() {
    return require("datanode/target/dfs-datanode.jar");
  }

  static Path cli() {
    return require("cli/target/dfs.jar");
  }

  static Path bench() {
    return require("bench/target/dfs-bench.jar");
  }

  private static Path require(String relative) {
    Path jar = root().resolve(relative);
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: run 'mvn verify' (or 'make build') from the root first");
    }
    return jar;
  }

  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
