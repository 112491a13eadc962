package io.dfs.meta.repair;

import static org.junit.jupiter.api.Assertions.*;

import io.dfs.common.ids.BlockIds;
import io.dfs.meta.health.ClusterView;
import io.dfs.meta.health.NodeInfo;
import io.dfs.meta.health.NodeState;
import io.dfs.meta.namespace.BlockRecord;
import io.dfs.meta.namespace.FileRecord;
import io.dfs.meta.namespace.FileState;
import io.dfs.meta.namespace.ReplicaMap;
import io.dfs.meta.ring.KeyRing;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RepairPlannerTest {
  private static final long LENGTH = 1_000;
  private static final long CRC = 42;
  private static final long ROOM = 1L << 30;

  private final ReplicaMap replicas = new ReplicaMap();
  private final String block = BlockIds.newId();

  /** n1..n{live} live with {@code free} bytes of room, n{live+1}..n{live+dead} dead. */
  private static ClusterView view(int live, int dead, long free) {
    KeyRing ring = new KeyRing(64);
    Map<String, NodeInfo> nodes = new HashMap<>();
    for (int i = 1; i <= live + dead; i++) {
      String id = "n" + i;
      boolean isLive = i <= live;
      nodes.put(id, new NodeInfo(id, "127.0.0.1", 7200 + i, 0, ROOM, ROOM - free, 0,
          isLive ? NodeState.LIVE : NodeState.DEAD, 0, 0, isLive ? 0 : 1, isLive ? null : "test"));
      if (isLive) {
        ring.add(id);
      }
    }
    return new ClusterView(ring, nodes);
  }

  private FileRecord file(int replication) {
    return new FileRecord("f", "alice", "a", LENGTH, LENGTH, replication, FileState.COMMITTED, 1, 0,
        List.of(new BlockRecord(block, 0, LENGTH, CRC)));
  }

  private void holds(String... nodes) {
    for (String n : nodes) {
      replicas.add(n, block, new ReplicaMap.Replica(LENGTH, CRC));
    }
  }

  private RepairPlanner plan(ClusterView view, int replication) {
    RepairPlanner planner = new RepairPlanner(view, replicas, Set.of(), (b, n) -> false, 100);
    planner.accept(file(replication));
    return planner;
  }

  @Test
  void aBlockAtItsFactorNeedsNothing() {
    holds("n1", "n2", "n3");
    RepairPlanner p = plan(view(4, 0, ROOM), 3);
    assertTrue(p.copies().isEmpty());
    assertTrue(p.removals().isEmpty());
    assertEquals(0, p.underReplicated());
  }

  @Test
  void aReplicaOnADeadNodeIsCopiedFromALiveHolderToTheNextRingNodeWithoutOne() {
    ClusterView v = view(4, 1, ROOM);
    // n5 is dead: its replica no longer counts.
    holds("n1", "n2", "n5");
    RepairPlanner p = plan(v, 3);
    assertEquals(1, p.underReplicated());
    assertEquals(1, p.copies().size());
    RepairPlanner.Copy copy = p.copies().get(0);
    assertTrue(Set.of("n1", "n2").contains(copy.source()));
    List<String> expected = v.ring().replicas(block, 1, id -> id.equals("n1") || id.equals("n2"));
    assertEquals(expected, copy.targets());
    assertEquals(LENGTH, copy.length());
    assertEquals(CRC, copy.crc32c());
  }

  @Test
  void twoMissingReplicasGoToTwoTargetsInOneCopy() {
    holds("n1");
    RepairPlanner.Copy copy = plan(view(5, 0, ROOM), 3).copies().get(0);
    assertEquals("n1", copy.source());
    assertEquals(2, copy.targets().size());
    assertFalse(copy.targets().contains("n1"));
  }

  @Test
  void theFactorIsCappedByTheLiveNodes() {
    holds("n1", "n2");
    RepairPlanner p = plan(view(2, 2, ROOM), 3);
    assertTrue(p.copies().isEmpty(), "nowhere to copy to");
    assertEquals(0, p.underReplicated());
  }

  @Test
  void surplusReplicasAreTrimmedToExactlyTheFactorKeepingRingOrder() {
    ClusterView v = view(5, 0, ROOM);
    holds("n1", "n2", "n3", "n4", "n5");
    RepairPlanner p = plan(v, 3);
    assertTrue(p.copies().isEmpty());
    List<String> keep = v.ring().replicas(block, 3);
    Set<String> removed = new HashSet<>();
    p.removals().forEach(r -> removed.add(r.node()));
    assertEquals(2, removed.size());
    for (String k : keep) {
      assertFalse(removed.contains(k), "keeps the first three clockwise");
    }
  }

  @Test
  void aMismatchingReplicaIsRemovedAndReplaced() {
    holds("n1", "n2");
    replicas.add("n3", block, new ReplicaMap.Replica(LENGTH, CRC + 1));
    RepairPlanner p = plan(view(4, 0, ROOM), 3);
    assertEquals(List.of("n3"), p.removals().stream().map(RepairPlanner.Removal::node).toList());
    assertEquals(1, p.copies().size());
    assertFalse(p.copies().get(0).targets().contains("n3"), "a node holding another copy is no target");
  }

  @Test
  void aBlockWithoutAUsableReplicaIsMissingAndNotCopied() {
    holds("n4");
    RepairPlanner p = plan(view(3, 1, ROOM), 3);
    assertEquals(1, p.missing());
    assertTrue(p.copies().isEmpty());
  }

  @Test
  void busyBlocksAreSkippedAndFullOrAvoidedNodesAreNoTargets() {
    holds("n1");
    RepairPlanner busy = new RepairPlanner(view(4, 0, ROOM), replicas, Set.of(block), (b, n) -> false, 100);
    busy.accept(file(3));
    assertTrue(busy.copies().isEmpty());

    RepairPlanner full = new RepairPlanner(view(4, 0, LENGTH - 1), replicas, Set.of(), (b, n) -> false, 100);
    full.accept(file(3));
    assertTrue(full.copies().isEmpty(), "no node has room");

    RepairPlanner avoided = new RepairPlanner(view(4, 0, ROOM), replicas, Set.of(), (b, n) -> n.equals("n2"), 100);
    avoided.accept(file(3));
    assertFalse(avoided.copies().get(0).targets().contains("n2"));
  }
}
