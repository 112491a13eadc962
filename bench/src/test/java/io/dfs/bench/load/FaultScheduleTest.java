package io.dfs.bench.load;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class FaultScheduleTest {
  private static FaultSchedule tenMinutes(long seed, boolean killMeta) {
    return FaultSchedule.plan(seed, 5, 600, 10, 5, 20, 2, Integer.MAX_VALUE, killMeta);
  }

  @Test
  void theSameSeedGivesTheSameScheduleAndAnotherSeedAnother() {
    assertEquals(tenMinutes(42, true).faults(), tenMinutes(42, true).faults());
    assertNotEquals(tenMinutes(42, true).faults(), tenMinutes(43, true).faults());
  }

  @Test
  void neverMoreThanTwoDataNodesAreDownCountingTheirRejoin() {
    for (long seed = 0; seed < 200; seed++) {
      FaultSchedule s = tenMinutes(seed, true);
      assertTrue(s.mostDownAtOnce() <= 2, "seed " + seed + ": " + s.faults());
      assertTrue(s.mostDownAtOnce() >= 1, "seed " + seed);
    }
  }

  @Test
  void everyFaultIsOnTheIntervalWithinTheDownBoundsAndOverBeforeTheEnd() {
    for (long seed = 0; seed < 200; seed++) {
      FaultSchedule s = tenMinutes(seed, false);
      assertFalse(s.faults().isEmpty());
      for (Fault f : s.faults()) {
        assertTrue(f.server().matches("datanode-[1-5]"), f.server());
        assertEquals(0, f.atSeconds() % 10, 1e-9, "on the 10 s interval: " + f);
        assertTrue(f.downSeconds() >= 5 && f.downSeconds() <= 20, f.describe());
        assertTrue(f.backAtSeconds() <= 600, f.describe());
      }
      assertTrue(s.endSeconds() <= 600);
    }
  }

  @Test
  void bothKindsOfFaultAreDrawnAndSomeAreSkippedToKeepTwoUp() {
    FaultSchedule s = tenMinutes(7, false);
    assertTrue(s.count(Fault.Kind.KILL, false) > 0);
    assertTrue(s.count(Fault.Kind.STOP, false) > 0);
    // 58 slots of 10 s fit before the end; with downs of 5 to 20 s plus the rejoin, some must be skipped.
    assertTrue(s.faults().size() < 58, "faults: " + s.faults().size());
    assertTrue(s.faults().size() > 20, "faults: " + s.faults().size());
  }

  @Test
  void metaIsKilledOnceInTheMiddleThirdBetweenNodeFaults() {
    for (long seed = 0; seed < 100; seed++) {
      List<Fault> meta = tenMinutes(seed, true).faults().stream().filter(f -> f.server().equals("meta")).toList();
      assertEquals(1, meta.size(), "seed " + seed);
      Fault m = meta.get(0);
      assertEquals(Fault.Kind.KILL, m.kind());
      assertTrue(m.atSeconds() >= 200 && m.atSeconds() < 400, m.describe());
      assertEquals(5, m.atSeconds() % 10, 1e-9, "between node faults: " + m);
      assertTrue(m.downSeconds() >= 2 && m.downSeconds() <= 5, m.describe());
    }
    assertEquals(0, tenMinutes(1, false).count(Fault.Kind.KILL, true));
  }

  @Test
  void theCountBoundsTheNodeFaults() {
    FaultSchedule s = FaultSchedule.plan(3, 5, 600, 10, 5, 20, 2, 4, false);
    assertEquals(4, s.faults().size());
  }

  @Test
  void aMinuteHasFaultsAndAMetaKill() {
    FaultSchedule s = FaultSchedule.plan(7, 5, 60, 10, 5, 20, 2, Integer.MAX_VALUE, true);
    assertEquals(1, s.count(Fault.Kind.KILL, true));
    assertTrue(s.faults().size() >= 3, s.faults().toString());
    assertTrue(s.endSeconds() <= 60);
  }
}
