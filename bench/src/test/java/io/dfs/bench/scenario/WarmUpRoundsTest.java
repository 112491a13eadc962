package io.dfs.bench.scenario;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class WarmUpRoundsTest {
  @Test
  void roundsGoOnWhileEachBeatsTheBestByTenPercentAndStopAtTheFirstThatDoesNot() {
    WarmUpRounds rounds = new WarmUpRounds();
    assertTrue(rounds.another(126));
    assertTrue(rounds.another(149));
    assertTrue(rounds.another(215));
    assertTrue(rounds.another(267));
    assertFalse(rounds.another(285), "6.7 % faster is caught up");
    assertEquals(5, rounds.rounds());
  }

  @Test
  void aSlowerRoundEndsTheRounds() {
    WarmUpRounds rounds = new WarmUpRounds();
    assertTrue(rounds.another(300));
    assertFalse(rounds.another(200));
    assertEquals(2, rounds.rounds());
  }

  @Test
  void aRateThatKeepsClimbingStopsAtTheBound() {
    WarmUpRounds rounds = new WarmUpRounds();
    double rate = 100;
    int asked = 0;
    while (rounds.another(rate)) {
      rate *= 2;
      asked++;
    }
    assertEquals(WarmUpRounds.MAX_ROUNDS, rounds.rounds());
    assertEquals(WarmUpRounds.MAX_ROUNDS - 1, asked);
  }
}
