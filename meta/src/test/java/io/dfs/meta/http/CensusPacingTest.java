package io.dfs.meta.http;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class CensusPacingTest {
  private static final long MS = 1_000_000;
  private final CensusPacing pacing = new CensusPacing(1_000 * MS, 50, 30_000 * MS);

  @Test
  void aQuickScanIsRedoneWhenTheReplicaMapMovesOrTheTtlPasses() {
    pacing.started(0, 3, 7);
    pacing.ended(MS);
    assertFalse(pacing.due(100 * MS, 3, 7), "same map, within the TTL");
    assertTrue(pacing.due(100 * MS, 3, 8), "the map moved, and a 1 ms scan rests 50 ms");
    assertTrue(pacing.due(1_001 * MS, 3, 7), "past the TTL");
  }

  @Test
  void aLongScanRestsFiftyTimesItsLengthWhateverTheReplicaMapDid() {
    pacing.started(0, 3, 7);
    pacing.ended(100 * MS);
    assertFalse(pacing.due(2_000 * MS, 3, 8), "moved map and past the TTL, but resting until 5.1 s");
    assertFalse(pacing.due(5_099 * MS, 3, 8));
    assertTrue(pacing.due(5_100 * MS, 3, 8));
  }

  @Test
  void theRestIsBounded() {
    pacing.started(0, 3, 7);
    pacing.ended(10_000 * MS);
    assertFalse(pacing.due(39_999 * MS, 3, 7));
    assertTrue(pacing.due(40_000 * MS, 3, 7), "30 s after the scan, not 500 s");
  }

  @Test
  void aJoinOrEvictionEndsTheRestAtOnce() {
    pacing.started(0, 3, 7);
    assertTrue(pacing.takenUnder(3));
    assertFalse(pacing.takenUnder(4), "a scan under way counts the old membership");
    pacing.ended(10_000 * MS);
    assertFalse(pacing.due(10_001 * MS, 3, 8), "resting");
    assertTrue(pacing.due(10_001 * MS, 4, 7), "a node joined or was evicted: the old counts would mislead");
    pacing.started(10_001 * MS, 4, 7);
    assertTrue(pacing.takenUnder(4));
  }
}
