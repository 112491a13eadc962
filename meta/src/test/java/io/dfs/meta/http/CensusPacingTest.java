package io.dfs.meta.http;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class CensusPacingTest {
  private static final long MS = 1_000_000;
  private final CensusPacing pacing = new CensusPacing(1_000 * MS, 50, 30_000 * MS);

  @Test
  void aQuickScanIsRedoneWhenTheKeyMovesOrTheTtlPasses() {
    pacing.started(0, 7);
    pacing.ended(MS);
    assertFalse(pacing.due(100 * MS, 7), "same key, within the TTL");
    assertTrue(pacing.due(100 * MS, 8), "the key moved, and a 1 ms scan rests 50 ms");
    assertTrue(pacing.due(1_001 * MS, 7), "past the TTL");
  }

  @Test
  void aLongScanRestsFiftyTimesItsLengthWhateverChanged() {
    pacing.started(0, 7);
    pacing.ended(100 * MS);
    assertFalse(pacing.due(2_000 * MS, 8), "moved key and past the TTL, but resting until 5.1 s");
    assertFalse(pacing.due(5_099 * MS, 8));
    assertTrue(pacing.due(5_100 * MS, 8));
  }

  @Test
  void theRestIsBounded() {
    pacing.started(0, 7);
    pacing.ended(10_000 * MS);
    assertFalse(pacing.due(39_999 * MS, 7));
    assertTrue(pacing.due(40_000 * MS, 7), "30 s after the scan, not 500 s");
  }
}
