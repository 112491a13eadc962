package io.dfs.bench.load;

import io.dfs.bench.cluster.BenchCluster;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Plays a {@link FaultSchedule} on a running cluster from its own thread, on the wall clock from
 * {@link #start()}: each fault at its time, and its end (the killed server started again on its
 * data, the stopped one continued) at its time. {@link #close()} ends it early if need be, and
 * leaves every server running.
 */
final class FaultInjector implements AutoCloseable {
  private record Step(double atSeconds, Fault fault, boolean begins) {}

  private final BenchCluster cluster;
  private final List<Step> steps = new ArrayList<>();
  private final Consumer<String> log;
  private final Set<String> stopped = new LinkedHashSet<>();
  private final List<String> failures = new ArrayList<>();
  private Thread thread;
  private volatile long startNanos;
  private volatile double endedAtSeconds = -1;

  FaultInjector(BenchCluster cluster, FaultSchedule schedule, Consumer<String> log) {
    this.cluster = cluster;
    this.log = log;
    for (Fault f : schedule.faults()) {
      steps.add(new Step(f.atSeconds(), f, true));
      steps.add(new Step(f.backAtSeconds(), f, false));
    }
    // At the same moment a server comes back before another goes: never more down than planned.
    steps.sort((a, b) -> a.atSeconds() != b.atSeconds() ? Double.compare(a.atSeconds(), b.atSeconds())
        : Boolean.compare(a.begins(), b.begins()));
  }

  void start() {
    startNanos = System.nanoTime();
    thread = new Thread(this::play, "faults");
    thread.start();
  }

  private void play() {
    try {
      for (Step step : steps) {
        long wait = startNanos + (long) (step.atSeconds() * 1e9) - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        apply(step);
      }
      endedAtSeconds = secondsSinceStart();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void apply(Step step) {
    Fault f = step.fault();
    String server = f.server();
    try {
      if (step.begins()) {
        if (f.kind() == Fault.Kind.KILL) {
          cluster.kill(server);
        } else {
          cluster.freeze(server);
          synchronized (stopped) {
            stopped.add(server);
          }
        }
        log(f.kind() == Fault.Kind.KILL ? "kill -9 " + server : "SIGSTOP " + server);
      } else {
        bringBack(server);
      }
    } catch (RuntimeException e) {
      synchronized (failures) {
        failures.add(String.format(Locale.ROOT, "%.1f s: %s: %s", secondsSinceStart(), server, e.getMessage()));
      }
    }
  }

  private void bringBack(String server) {
    boolean wasStopped;
    synchronized (stopped) {
      wasStopped = stopped.remove(server);
    }
    if (wasStopped) {
      cluster.thaw(server);
      log("SIGCONT " + server);
    } else if (!cluster.alive(server)) {
      cluster.restart(server);
      log("started " + server + " again");
    }
  }

  private void log(String what) {
    log.accept(String.format(Locale.ROOT, "%6.1f s  %s", secondsSinceStart(), what));
  }

  private double secondsSinceStart() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** Waits until every step has been played; returns when the last one was, in seconds from the start. */
  double awaitEnd() throws InterruptedException {
    thread.join();
    return endedAtSeconds;
  }

  /** What could not be done, with when; empty when every step was. */
  List<String> failures() {
    synchronized (failures) {
      return List.copyOf(failures);
    }
  }

  /** Stops playing, then continues every stopped server and starts every one that is down. */
  @Override
  public void close() {
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    List<String> servers = new ArrayList<>(cluster.dataNodes());
    servers.add("meta");
    for (String server : servers) {
      try {
        bringBack(server);
      } catch (RuntimeException e) {
        synchronized (failures) {
          failures.add("bringing " + server + " back: " + e.getMessage());
        }
      }
    }
  }
}
