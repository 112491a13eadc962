package io.dfs.bench.proc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Every process the benchmark starts, so that all of them are stopped however the run ends: by
 * {@link #stopAll()} in order, or by the JVM shutdown hook on Ctrl-C or SIGTERM, which then runs
 * what was given to {@link #afterShutdown} (the run waiting for its own thread to clean up).
 * Processes are only ever stopped through their own {@link Process} handles.
 */
public final class ChildProcesses {
  private static final long GRACE_SECONDS = 10;

  private final List<Process> started = new ArrayList<>();
  private final List<Runnable> cleanups = new ArrayList<>();
  private boolean stopping;
  private final Thread reaper = new Thread(this::shutdown, "bench-reaper");

  public ChildProcesses() {
    Runtime.getRuntime().addShutdownHook(reaper);
  }

  /** Runs {@code cleanup} in the shutdown hook once every process has stopped. */
  public synchronized void afterShutdown(Runnable cleanup) {
    cleanups.add(cleanup);
  }

  private void shutdown() {
    stopAll();
    List<Runnable> tasks;
    synchronized (this) {
      tasks = new ArrayList<>(cleanups);
    }
    for (Runnable task : tasks) {
      try {
        task.run();
      } catch (RuntimeException e) {
        // Best effort while the JVM exits: the next run starts by emptying its work directory anyway.
        System.err.println("bench: clean-up at exit: " + e.getMessage());
      }
    }
  }

  /**
   * Starts the process and remembers it. Refused once {@link #stopAll()} has begun: on Ctrl-C the
   * run's own thread carries on while the shutdown hook stops everything, and a process it started
   * then would outlive the run.
   */
  public synchronized Process start(ProcessBuilder builder) {
    if (stopping) {
      throw new IllegalStateException("the run is stopping");
    }
    try {
      Process p = builder.start();
      started.add(p);
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + builder.command(), e);
    }
  }

  /** True once {@link #stopAll()} has begun: the run is over, or being interrupted. */
  public synchronized boolean stopping() {
    return stopping;
  }

  /** SIGTERM, then SIGKILL for one still running after {@value #GRACE_SECONDS} s; waits for it to go. */
  public static void stop(Process p) {
    if (!p.isAlive()) {
      return;
    }
    p.destroy();
    try {
      if (!p.waitFor(GRACE_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(GRACE_SECONDS, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
    }
  }

  /** kill -9 and wait for the process to be gone. */
  public static void kill(Process p) {
    p.destroyForcibly();
    try {
      p.waitFor(GRACE_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Asks every live process to stop at once, then waits for each (shutdowns overlap); starts no more. */
  public void stopAll() {
    List<Process> live;
    synchronized (this) {
      stopping = true;
      live = new ArrayList<>(started);
      started.clear();
    }
    live.stream().filter(Process::isAlive).forEach(Process::destroy);
    live.forEach(ChildProcesses::stop);
  }
}
