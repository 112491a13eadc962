package io.dfs.meta.namespace;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
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
}
