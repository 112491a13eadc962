package io.dfs.bench.cluster;

import io.dfs.bench.proc.ChildProcesses;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Registers accounts in an auth data directory with the auth jar's admin commands, the way
 * {@code make up} does: service accounts for meta and the data nodes, and users.
 */
final class AuthAccounts {
  private static final long TIMEOUT_SECONDS = 120;

  private final Path authJar;
  private final Path authDir;
  private final Path log;
  private final ChildProcesses processes;

  AuthAccounts(Path authJar, Path authDir, Path log, ChildProcesses processes) {
    this.authJar = authJar;
    this.authDir = authDir;
    this.log = log;
    this.processes = processes;
  }

  /** A service account whose secret is generated into {@code secretFile}, where the server reads it. */
  void service(String id, String role, Path secretFile) {
    run("service add", null, List.of("--id", id, "--role", role, "--secret-file", secretFile.toString()));
  }

  /** A user with this password; {@code admin} adds the admin role. */
  void user(String name, String password, boolean admin) {
    List<String> options = new ArrayList<>(List.of("--name", name, "--password-stdin"));
    if (admin) {
      options.addAll(List.of("--role", "admin"));
    }
    run("user add", password + "\n", options);
  }

  /** Runs {@code java -jar dfs-auth.jar <command> --data-dir DIR <options>}, {@code stdin} (or nothing) on its input. */
  private void run(String command, String stdin, List<String> options) {
    List<String> cmd = new ArrayList<>(List.of(Jars.java(), "-jar", authJar.toString()));
    cmd.addAll(List.of(command.split(" ")));
    cmd.addAll(List.of("--data-dir", authDir.toString()));
    cmd.addAll(options);
    Process p = processes.start(new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())));
    try (OutputStream in = p.getOutputStream()) {
      if (stdin != null) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        ChildProcesses.kill(p);
        throw new IllegalStateException("auth " + command + " did not finish; see " + log);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    }
    if (p.exitValue() != 0) {
      throw new IllegalStateException("auth " + command + " failed: " + tail(log));
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
    } catch (IOException e) {
      return "(see " + log + ")";
    }
  }
}
