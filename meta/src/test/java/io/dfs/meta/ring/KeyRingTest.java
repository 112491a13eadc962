package io.dfs.meta.ring;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class KeyRingTest {
  private static final int BLOCKS = 10_000;

  private static KeyRing ring(String... nodes) {
    KeyRing r = new KeyRing(64);
    for (String n : nodes) {
      r.add(n);
    }
    return r;
  }

  private static List<String> blockIds(int n) {
    List<String> ids = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      // Deterministic ids keep the test reproducible.
      ids.add(UUID.nameUUIDFromBytes(("block-" + i).getBytes()).toString());
    }
    return ids;
  }

  @Test
  void replicasAreDistinctNodesPrimaryFirst() {
    KeyRing r = ring("a", "b", "c", "d", "e");
    for (String id : blockIds(1000)) {
      List<String> reps = r.replicas(id, 3);
      assertEquals(3, reps.size());
      assertEquals(3, new HashSet<>(reps).size(), "replicas must be distinct: " + reps);
      assertEquals(r.order(id).subList(0, 3), reps);
    }
  }

  @Test
  void asksForMoreThanTheRingHoldsGivesEveryNodeOnce() {
    KeyRing r = ring("a", "b", "c");
    List<String> reps = r.replicas("x", 10);
    assertEquals(3, reps.size());
    assertEquals(new HashSet<>(List.of("a", "b", "c")), new HashSet<>(reps));
    assertTrue(new KeyRing(64).replicas("x", 3).isEmpty());
    assertTrue(r.replicas("x", 0).isEmpty());
  }

  @Test
  void placementIsDeterministicWhateverTheOrderOfJoins() {
    KeyRing one = ring("a", "b", "c", "d");
    KeyRing two = ring("d", "b", "a", "c");
    for (String id : blockIds(1000)) {
      assertEquals(one.replicas(id, 3), two.replicas(id, 3));
      assertEquals(one.replicas(id, 3), one.replicas(id, 3));
    }
  }

  @Test
  void excludedNodesAreSkippedAndTheNextDistinctNodesTaken() {
    KeyRing r = ring("a", "b", "c", "d");
    for (String id : blockIds(200)) {
      List<String> all = r.order(id);
      List<String> reps = r.replicas(id, 2, n -> n.equals(all.get(0)));
      assertEquals(List.of(all.get(1), all.get(2)), reps);
    }
  }

  @Test
  void addingAFourthNodeMovesAboutAQuarterOfPrimariesAllToTheNewNode() {
    KeyRing r = ring("a", "b", "c");
    List<String> ids = blockIds(BLOCKS);
    List<String> before = new ArrayList<>();
    ids.forEach(id -> before.add(r.replicas(id, 1).get(0)));
    r.add("d");
    int moved = 0;
    for (int i = 0; i < ids.size(); i++) {
      String now = r.replicas(ids.get(i), 1).get(0);
      if (!now.equals(before.get(i))) {
        moved++;
        assertEquals("d", now, "a primary may only move to the new node");
      }
    }
    double share = moved / (double) BLOCKS;
    assertTrue(share > 0.15 && share < 0.35, "moved share " + share);
  }

  @Test
  void removingANodeMovesOnlyItsBlocks() {
    KeyRing r = ring("a", "b", "c", "d");
    List<String> ids = blockIds(BLOCKS);
    List<String> before = new ArrayList<>();
    ids.forEach(id -> before.add(r.replicas(id, 1).get(0)));
    r.remove("c");
    assertFalse(r.contains("c"));
    int movedFromC = 0;
    for (int i = 0; i < ids.size(); i++) {
      String now = r.replicas(ids.get(i), 1).get(0);
      if (before.get(i).equals("c")) {
        assertNotEquals("c", now);
        movedFromC++;
      } else {
        assertEquals(before.get(i), now, "a block not on the removed node must stay put");
      }
    }
    assertTrue(movedFromC > 0);
  }

  @Test
  void snapshotIsImmutableAndDetached() {
    KeyRing r = ring("a", "b");
    KeyRing snap = r.snapshot();
    assertThrows(UnsupportedOperationException.class, () -> snap.add("c"));
    assertThrows(UnsupportedOperationException.class, () -> snap.remove("a"));
    r.add("c");
    assertEquals(new HashSet<>(List.of("a", "b")), snap.nodes());
    assertEquals(new HashSet<>(List.of("a", "b", "c")), r.nodes());
    assertSame(snap, snap.snapshot());
  }
}
