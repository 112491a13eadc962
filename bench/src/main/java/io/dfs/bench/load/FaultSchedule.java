package io.dfs.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The faults of a chaos run, drawn from its seed before it starts: every {@code interval} a random
 * data node is killed or stopped, each with even odds, and brought back after a time drawn evenly
 * from the bounds. A node counts as down from its fault until {@link #REJOIN_SECONDS} after it is
 * brought back (a killed JVM has to start and join meta again); a fault that would make more than
 * {@code maxDown} nodes down is skipped. Meta, when it is in the schedule, is killed once, midway
 * between two node faults in the middle third of the run, and started again after 2 to 5 s. Every
 * fault is over by the end of the run. The same inputs give the same schedule.
 */
final class FaultSchedule {
  /** Time for a node brought back to be of use again: a JVM start and a JOIN with its block report. */
  static final double REJOIN_SECONDS = 5;
  private static final double META_MIN_DOWN = 2;
  private static final double META_MAX_DOWN = 5;
  /** Keeps the schedule's draws apart from the operations', which come from the same seed. */
  private static final long STREAM = 0x6368616f73L;

  private final List<Fault> faults;

  private FaultSchedule(List<Fault> faults) {
    this.faults = List.copyOf(faults);
  }

  /**
   * The schedule for {@code nodes} data nodes (datanode-1 …) over {@code runSeconds}: a node fault
   * every {@code intervalSeconds}, down for {@code minDown} to {@code maxDown} s, at most
   * {@code maxDownNodes} down at once and {@code maxFaults} node faults in all, and one meta kill
   * when {@code killMeta}.
   */
  static FaultSchedule plan(long seed, int nodes, double runSeconds, double intervalSeconds, double minDown,
      double maxDown, int maxDownNodes, int maxFaults, boolean killMeta) {
    if (minDown > maxDown || minDown <= 0 || intervalSeconds <= 0 || nodes < 1) {
      throw new IllegalArgumentException("a fault schedule needs nodes, a positive interval and 0 < min <= max down time");
    }
    SplittableRandom random = new SplittableRandom(seed ^ STREAM);
    List<Fault> faults = new ArrayList<>();
    double[] downUntil = new double[nodes];
    int nodeFaults = 0;
    for (int k = 1; k * intervalSeconds + maxDown <= runSeconds && nodeFaults < maxFaults; k++) {
      double at = round(k * intervalSeconds);
      // Every draw is made whether or not the fault happens, so one skipped fault leaves the rest as they were.
      boolean kill = random.nextBoolean();
      int pick = random.nextInt(nodes);
      double down = round(minDown + random.nextDouble() * (maxDown - minDown));
      List<Integer> up = new ArrayList<>();
      for (int i = 0; i < nodes; i++) {
        if (downUntil[i] <= at) {
          up.add(i);
        }
      }
      if (nodes - up.size() >= maxDownNodes || up.isEmpty()) {
        continue;
      }
      int node = up.get(pick % up.size());
      downUntil[node] = at + down + REJOIN_SECONDS;
      faults.add(new Fault(at, kill ? Fault.Kind.KILL : Fault.Kind.STOP, "datanode-" + (node + 1), down));
      nodeFaults++;
    }
    int slots = (int) Math.floor(runSeconds / intervalSeconds);
    if (killMeta && slots >= 3) {
      int slot = slots / 3 + random.nextInt(Math.max(1, slots / 3));
      double down = META_MIN_DOWN + random.nextDouble() * (META_MAX_DOWN - META_MIN_DOWN);
      double at = (slot + 0.5) * intervalSeconds;
      if (at + down <= runSeconds) {
        faults.add(new Fault(round(at), Fault.Kind.KILL, "meta", round(down)));
      }
    }
    faults.sort((a, b) -> Double.compare(a.atSeconds(), b.atSeconds()));
    return new FaultSchedule(faults);
  }

  private static double round(double seconds) {
    return Math.round(seconds * 10) / 10.0;
  }

  List<Fault> faults() {
    return faults;
  }

  /** The most data nodes down at once, counting each from its fault until it is back and has rejoined. */
  int mostDownAtOnce() {
    int most = 0;
    for (Fault f : faults) {
      if (f.server().equals("meta")) {
        continue;
      }
      int down = 0;
      for (Fault g : faults) {
        if (!g.server().equals("meta") && g.atSeconds() <= f.atSeconds()
            && g.backAtSeconds() + REJOIN_SECONDS > f.atSeconds()) {
          down++;
        }
      }
      most = Math.max(most, down);
    }
    return most;
  }

  /** When the last fault is over, in seconds from the start; 0 for none. */
  double endSeconds() {
    return faults.stream().mapToDouble(Fault::backAtSeconds).max().orElse(0);
  }

  long count(Fault.Kind kind, boolean meta) {
    return faults.stream().filter(f -> f.kind() == kind && f.server().equals("meta") == meta).count();
  }
}
