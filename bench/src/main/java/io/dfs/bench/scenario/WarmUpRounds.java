package io.dfs.bench.scenario;

/**
 * When repeated warm-up rounds may stop: once a round is no more than {@link #GAIN} times as fast
 * as the one before it, the servers' JIT has caught up with what the rounds exercise, and further
 * rounds would only spend the run's time. {@link #MAX_ROUNDS} bounds a machine whose rate keeps
 * climbing.
 */
final class WarmUpRounds {
  static final double GAIN = 1.10;
  static final int MAX_ROUNDS = 6;

  private double previous;
  private int rounds;

  /** Records a round's rate (any unit, the same every round) and says whether to run another. */
  boolean another(double rate) {
    rounds++;
    boolean faster = rate > previous * GAIN;
    previous = rate;
    return faster && rounds < MAX_ROUNDS;
  }

  int rounds() {
    return rounds;
  }
}
