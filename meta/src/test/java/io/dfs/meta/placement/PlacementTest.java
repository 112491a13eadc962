package io.dfs.meta.placement;

import static org.junit.jupiter.api.Assertions.*;

import io.dfs.common.error.DfsException;
import io.dfs.common.error.ErrorCode;
import io.dfs.common.ids.BlockIds;
import io.dfs.meta.health.ClusterView;
import io.dfs.meta.health.NodeInfo;
import io.dfs.meta.health.NodeState;
import io.dfs.meta.namespace.ReplicaMap;
import io.dfs.meta.ring.KeyRing;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlacementTest {
  private static final long KIB = 1024;
  private static final long MIB = 1024 * KIB;
  private final Placement placement = new Placement(new BlockSizing(100 * KIB, 10 * MIB), 2);

  /** Live nodes n1..n{live} with plenty of room, plus dead ones that are off the ring. */
  private static ClusterView view(int live, int dead, long freeBytes) {
    KeyRing ring = new KeyRing(64);
    Map<String, NodeInfo> nodes = new HashMap<>();
    for (int i = 1; i <= live + dead; i++) {
      String id = "n" + i;
      boolean isLive = i <= live;
      nodes.put(id, new NodeInfo(id, "127.0.0.1", 7200 + i, 0, 10 * 1024 * MIB, 10 * 1024 * MIB - freeBytes, 0,
          isLive ? NodeState.LIVE : NodeState.DEAD, 0, 0, isLive ? 0 : 1, isLive ? null : "test"));
      if (isLive) {
        ring.add(id);
      }
    }
    return new ClusterView(ring, nodes);
  }

  @Test
  void cutsTheFileIntoContiguousBlocksOnDistinctRingNodes() {
    ClusterView v = view(3, 1, 1024 * MIB);
    long size = 30 * MIB + 123;
    FilePlan plan = placement.plan(size, 3, v);
    assertEquals(2560 * KIB + 64 * KIB, plan.blockSize());
    long offset = 0;
    for (BlockPlan b : plan.blocks()) {
      assertTrue(BlockIds.isCanonical(b.blockId()));
      assertEquals(offset, b.offset());
      assertEquals(b.index(), (int) (b.offset() / plan.blockSize()));
      offset += b.length();
      List<String> ids = b.nodes().stream().map(NodeAddress::node).toList();
      assertEquals(v.ring().replicas(b.blockId(), 3), ids, "primary first, ring order");
      assertEquals(3, new HashSet<>(ids).size());
      assertFalse(ids.contains("n4"), "dead nodes get nothing");
    }
    assertEquals(size, offset);
    assertEquals(1 + size / plan.blockSize(), plan.blocks().size());
  }

  @Test
  void emptyFileHasNoBlocksAndTinyFileOne() {
    assertTrue(placement.plan(0, 3, view(3, 0, MIB)).blocks().isEmpty());
    FilePlan tiny = placement.plan(10, 3, view(3, 0, MIB));
    assertEquals(1, tiny.blocks().size());
    assertEquals(10, tiny.blocks().get(0).length());
  }

  @Test
  void replicationAboveLiveNodesUsesEveryLiveNode() {
    FilePlan plan = placement.plan(MIB, 5, view(2, 0, MIB * 100));
    plan.blocks().forEach(b -> assertEquals(2, b.nodes().size()));
  }

  @Test
  void tooFewLiveNodesIsUnavailable() {
    DfsException e = assertThrows(DfsException.class, () -> placement.plan(MIB, 3, view(1, 2, MIB * 100)));
    assertEquals(ErrorCode.UNAVAILABLE, e.code());
    // Replication 1 needs only one node.
    assertEquals(1, placement.plan(MIB, 1, view(1, 2, MIB * 100)).blocks().get(0).nodes().size());
    assertEquals(1, placement.requiredReplicas(1));
    assertEquals(2, placement.requiredReplicas(3));
  }

  @Test
  void fullNodesAreSkipped() {
    ClusterView v = view(3, 0, MIB * 100);
    Map<String, NodeInfo> nodes = new HashMap<>(v.nodes());
    NodeInfo n2 = nodes.get("n2");
    nodes.put("n2", new NodeInfo("n2", n2.host(), n2.port(), 0, 1000, 1000, 0, NodeState.LIVE, 0, 0, 0, null));
    ClusterView full = new ClusterView(v.ring(), nodes);
    FilePlan plan = placement.plan(MIB, 3, full);
    plan.blocks().forEach(b -> {
      assertEquals(2, b.nodes().size());
      assertTrue(b.nodes().stream().noneMatch(a -> a.node().equals("n2")));
    });
  }

  @Test
  void refusesFilesWithTooManyBlocks() {
    Placement small = new Placement(new BlockSizing(1000, 1000), 1);
    DfsException e = assertThrows(DfsException.class,
        () -> small.plan(1000L * (Placement.MAX_BLOCKS_PER_FILE + 1), 1, view(1, 0, Long.MAX_VALUE / 4)));
    assertEquals(ErrorCode.BAD_REQUEST, e.code());
  }

  @Test
  void locatorGivesLiveMatchingReplicasInRingOrder() {
    ClusterView v = view(4, 1, MIB);
    ReplicaMap map = new ReplicaMap();
    ReplicaLocator locator = new ReplicaLocator(map);
    String block = BlockIds.newId();
    List<String> order = v.ring().order(block);
    map.add(order.get(3), block, new ReplicaMap.Replica(10, 99));
    map.add(order.get(1), block, new ReplicaMap.Replica(10, 99));
    map.add(order.get(0), block, new ReplicaMap.Replica(10, 98));
    map.add("n5", block, new ReplicaMap.Replica(10, 99));
    List<String> found = locator.locate(v, block, 10, 99).stream().map(NodeAddress::node).toList();
    assertEquals(List.of(order.get(1), order.get(3)), found, "wrong CRC and dead node left out, ring order kept");
    assertEquals(2, locator.countUsable(v, block, 10, 99));
    assertEquals(0, locator.countUsable(v, block, 11, 99));
  }
}
