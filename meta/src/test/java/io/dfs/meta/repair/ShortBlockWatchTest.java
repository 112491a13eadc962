package io.dfs.meta.repair;

import static org.junit.jupiter.api.Assertions.*;

import io.dfs.meta.namespace.ReplicaMap;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShortBlockWatchTest {
  private static final long GRACE_MS = 2_000;
  private static final ReplicaMap.Replica REPLICA = new ReplicaMap.Replica(4096, 7);

  private final ReplicaMap replicas = new ReplicaMap();
  private final ShortBlockWatch watch = new ShortBlockWatch(GRACE_MS, 4);

  private static long ms(long ms) {
    return ms * 1_000_000;
  }

  private void stored(String blockId, String... nodes) {
    for (String node : nodes) {
      replicas.add(node, blockId, REPLICA);
    }
  }

  @Test
  void aReplicaReportedWithinTheGraceAsksForNoScan() {
    stored("b1", "n1", "n2");
    watch.watch(List.of("b1"), 3, ms(0));
    stored("b1", "n3");

    assertFalse(watch.dueAndShort(replicas, ms(GRACE_MS)));
    assertEquals(0, watch.size(), "a block looked at again is forgotten");
  }

  @Test
  void aBlockStillShortAfterTheGraceAsksForAScanOnce() {
    stored("b1", "n1", "n2");
    watch.watch(List.of("b1"), 3, ms(0));

    assertFalse(watch.dueAndShort(replicas, ms(GRACE_MS - 1)), "not before its grace has passed");
    assertTrue(watch.dueAndShort(replicas, ms(GRACE_MS)));
    assertFalse(watch.dueAndShort(replicas, ms(GRACE_MS + 1)), "the scan it asked for looks after it");
  }

  @Test
  void onlyBlocksWhoseGraceHasPassedAreLookedAt() {
    stored("early", "n1", "n2", "n3");
    watch.watch(List.of("early"), 3, ms(0));
    watch.watch(List.of("late"), 3, ms(1_000));

    assertFalse(watch.dueAndShort(replicas, ms(GRACE_MS)), "the block due is whole, the short one is not due");
    assertEquals(1, watch.size());
    assertTrue(watch.dueAndShort(replicas, ms(1_000 + GRACE_MS)));
  }

  @Test
  void moreBlocksThanItFollowsAskForAScan() {
    stored("b1", "n1", "n2", "n3");
    watch.watch(List.of("b1", "b2", "b3", "b4", "b5", "b6"), 3, ms(0));

    assertEquals(4, watch.size(), "bounded");
    assertTrue(watch.dueAndShort(replicas, ms(0)), "the blocks dropped are left to a scan at once");
  }

  @Test
  void aBlockWithFewerNodesThanItsReplicationIsShort() {
    stored("b1", "n1");
    watch.watch(List.of("b1"), 2, ms(0));

    assertTrue(watch.dueAndShort(replicas, ms(GRACE_MS)));
  }
}
