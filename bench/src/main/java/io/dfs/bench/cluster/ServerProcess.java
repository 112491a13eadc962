package io.dfs.bench.cluster;

import io.dfs.bench.proc.ChildProcesses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One server run from its shaded jar as a separate JVM, its output appended to a log file. */
final class ServerProcess {
  private final String name;
  private final Process process;
  private final Path log;

  private ServerProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  static ServerProcess start(ChildProcesses processes, String name, Path jar, Path config, List<String> javaOpts,
      Path log) {
    List<String> cmd = new ArrayList<>(List.of(Jars.java()));
    cmd.addAll(javaOpts);
    // dfs.node names the server in its log lines, as make up runs it.
    cmd.addAll(List.of("-Ddfs.node=" + name, "-jar", jar.toString(), "--config", config.toString()));
    Process p = processes.start(new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())));
    return new ServerProcess(name, p, log);
  }

  String name() {
    return name;
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  Process process() {
    return process;
  }

  /** Sends a signal by name ("STOP", "CONT") with kill(1); Java's process API has only TERM and KILL. */
  void signal(String signal) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!kill.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) || kill.exitValue() != 0) {
        kill.destroyForcibly();
        if (process.isAlive()) {
          throw new IllegalStateException("kill -" + signal + " " + process.pid() + " (" + name + ") failed");
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    }
  }

  String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(log);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(cannot read " + log + ")";
    }
  }
}
