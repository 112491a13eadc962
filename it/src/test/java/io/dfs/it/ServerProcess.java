package io.dfs.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One server run from its jar as a separate JVM, with its output in a log file. */
final class ServerProcess {
  private final String name;
  private final List<String> command;
  private final Path log;
  private Process process;

  ServerProcess(String name, Path jar, Path config, Path log) {
    this.name = name;
    this.log = log;
    this.command = new ArrayList<>(List.of(Jars.java(), "-Xmx256m", "-XX:+UseSerialGC", "-Ddfs.node=" + name,
        "-jar", jar.toString(), "--config", config.toString()));
  }

  String name() {
    return name;
  }

  synchronized void start() {
    start(List.of());
  }

  /**
   * Starts the server unless it runs, with extra JVM flags for this run only (e.g.
   * {@code -Ddfs.faults=dn.put.midStream}).
   */
  synchronized void start(List<String> jvmFlags) {
    if (process != null && process.isAlive()) {
      return;
    }
    List<String> cmd = new ArrayList<>(command);
    cmd.addAll(1, jvmFlags);
    try {
      process = new ProcessBuilder(cmd)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
  }

  synchronized boolean alive() {
    return process != null && process.isAlive();
  }

  synchronized long pid() {
    return process.pid();
  }

  /** Waits up to {@code timeout} for the process to exit by itself; true if it did. */
  boolean awaitExit(Duration timeout) {
    Process p;
    synchronized (this) {
      p = process;
    }
    try {
      return p != null && p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** kill -9: no shutdown hooks, nothing flushed. */
  synchronized void kill9() {
    if (process != null) {
      process.destroyForcibly();
      waitFor();
    }
  }

  synchronized void sigstop() {
    signal("STOP");
  }

  synchronized void sigcont() {
    signal("CONT");
  }

  private void signal(String sig) {
    try {
      new ProcessBuilder("kill", "-" + sig, Long.toString(process.pid())).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Graceful stop (SIGTERM), then kill -9 if it is not gone within 10 s. */
  synchronized void stop() {
    if (process == null) {
      return;
    }
    sigcont();
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    waitFor();
  }

  private void waitFor() {
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  String logTail(int lines) {
    try {
      List<String> all = Files.exists(log) ? Files.readAllLines(log) : List.of();
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(cannot read " + log + ")";
    }
  }
}
