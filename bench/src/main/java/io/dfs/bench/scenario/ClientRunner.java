package io.dfs.bench.scenario;

import io.dfs.bench.cluster.BenchCluster;
import io.dfs.bench.cluster.Jars;
import io.dfs.bench.proc.ChildProcesses;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one client phase as its own process ({@code dfs-bench.jar client ...}, with the CLI's JVM
 * flags) against a cluster, and returns the figures it printed. Its stdout and stderr are kept
 * under log/ as {@code client-<label>.out} and {@code .log}.
 */
final class ClientRunner {
  private final BenchContext ctx;
  private final BenchCluster cluster;

  ClientRunner(BenchContext ctx, BenchCluster cluster) {
    this.ctx = ctx;
    this.cluster = cluster;
  }

  /** Runs {@code client <command> --config C --user U <args>}; fails if it fails or outlasts {@code timeout}. */
  JsonObject run(String label, Duration timeout, String command, String... args) {
    List<String> cmd = new ArrayList<>(List.of(Jars.java()));
    cmd.addAll(ctx.settings().clientJavaOpts());
    cmd.addAll(List.of("-jar", ctx.jars().bench().toString(), "client", command,
        "--config", cluster.clientConfig().toString(), "--user", BenchCluster.USER));
    cmd.addAll(List.of(args));
    Path out = ctx.logs().resolve("client-" + label + ".out");
    Path err = ctx.logs().resolve("client-" + label + ".log");
    Process p = ctx.processes().start(new ProcessBuilder(cmd)
        .redirectOutput(out.toFile()).redirectError(err.toFile()));
    try {
      try (OutputStream in = p.getOutputStream()) {
        in.write((cluster.userPassword() + "\n").getBytes(StandardCharsets.UTF_8));
      }
      if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
        ChildProcesses.kill(p);
        throw new IllegalStateException("client " + label + " did not finish within " + timeout.toSeconds()
            + " s; see " + err);
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException("client " + label + " exited with " + p.exitValue() + ": " + tail(err));
      }
      List<String> lines = Files.readAllLines(out).stream().filter(l -> !l.isBlank()).toList();
      if (lines.isEmpty()) {
        throw new IllegalStateException("client " + label + " printed no figures; see " + err);
      }
      return new JsonObject(lines.get(lines.size() - 1));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    } catch (IOException e) {
      return "(see " + log + ")";
    }
  }
}
