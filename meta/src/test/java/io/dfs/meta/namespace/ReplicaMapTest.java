package io.dfs.meta.namespace;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReplicaMapTest {
  private static final ReplicaMap.Replica R = new ReplicaMap.Replica(10, 20);

  @Test
  void joinReplacesEverythingKnownAboutTheNode() {
    ReplicaMap map = new ReplicaMap();
    map.add("n1", "a", R);
    map.add("n1", "b", R);
    map.add("n2", "a", R);
    map.replaceNode("n1", Map.of("c", R));
    assertEquals(Map.of("n2", R), map.holders("a"));
    assertTrue(map.holders("b").isEmpty());
    assertEquals(Map.of("n1", R), map.holders("c"));
    assertEquals(1, map.countOn("n1"));
  }

  @Test
  void reportsAddAndRemoveSingleReplicas() {
    ReplicaMap map = new ReplicaMap();
    map.add("n1", "a", R);
    map.add("n1", "a", new ReplicaMap.Replica(10, 21));
    assertEquals(Map.of("n1", new ReplicaMap.Replica(10, 21)), map.holders("a"));
    map.remove("n1", "a");
    map.remove("n1", "a");
    map.remove("n9", "zz");
    assertTrue(map.holders("a").isEmpty());
    assertEquals(0, map.countOn("n1"));
  }

  @Test
  void holdersIsACopy() {
    ReplicaMap map = new ReplicaMap();
    map.add("n1", "a", R);
    Map<String, ReplicaMap.Replica> h = map.holders("a");
    map.add("n2", "a", R);
    assertEquals(1, h.size());
    assertThrows(UnsupportedOperationException.class, () -> h.put("x", R));
  }

  @Test
  void countTakesOnlyTheHoldersItIsToldTo() {
    ReplicaMap map = new ReplicaMap();
    map.add("n1", "a", R);
    map.add("n2", "a", new ReplicaMap.Replica(10, 21));
    map.add("n3", "a", R);
    assertEquals(2, map.count("a", (node, r) -> r.equals(R)));
    assertEquals(1, map.count("a", (node, r) -> node.equals("n2")));
    assertEquals(0, map.count("b", (node, r) -> true), "a block nobody reported");
  }

  @Test
  void droppedReplicasLeaveOnlyAfterTheReadsThatMaySeeThemEnd() {
    ReplicaMap map = new ReplicaMap();
    map.add("n1", "a", R);
    map.add("n2", "a", R);
    map.add("n1", "b", R);
    long lossVersion = map.lossVersion();
    ReplicaMap.Read before = map.beginRead();
    map.removeGarbageAfterReads(Map.of("a", Set.of("n1", "n2")));
    ReplicaMap.Read after = map.beginRead();
    assertEquals(2, map.holders("a").size(), "a read begun before the drop may still look for them");
    before.close();
    assertTrue(map.holders("a").isEmpty(), "a read begun after the drop does not hold them");
    assertEquals(Map.of("n1", R), map.holders("b"));
    assertEquals(lossVersion, map.lossVersion(), "no owned block lost a replica");

    map.removeGarbageAfterReads(Map.of("b", Set.of("n1")));
    assertEquals(1, map.holders("b").size());
    after.close();
    after.close();
    assertTrue(map.holders("b").isEmpty());
    map.removeGarbageAfterReads(Map.of("c", Set.of("n1")));
    assertEquals(0, map.countOn("n1"), "with no read running, at once");
  }
}
