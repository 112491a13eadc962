package io.dfs.meta.health;

import static org.junit.jupiter.api.Assertions.*;

import io.dfs.common.heartbeat.Heartbeat;
import io.dfs.common.heartbeat.HeartbeatCodec;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NodeRegistryTest {
  private static final Duration INTERVAL = Duration.ofSeconds(1);
  private MutableClock clock;
  private NodeRegistry registry;

  @BeforeEach
  void setUp() {
    clock = new MutableClock(1_000_000);
    registry = new NodeRegistry(clock, INTERVAL, 2, 16);
    // Past the start-up grace period, so these tests see the plain eviction rule.
    clock.advance(INTERVAL.multipliedBy(NodeRegistry.GRACE_INTERVALS));
  }

  private static NodeRegistration reg(String id) {
    return new NodeRegistration(id, "127.0.0.1", 7201, 7301, 1000, 10, 0);
  }

  private static Buffer beat(String id, long seq, byte[] key) {
    return HeartbeatCodec.encode(new Heartbeat(id, seq, 50, 1000, 3, 0), key);
  }

  private void advance(double intervals) {
    clock.advance(Duration.ofMillis((long) (INTERVAL.toMillis() * intervals)));
  }

  @Test
  void aNodePausedForOneAndAHalfIntervalsStays() {
    registry.join(reg("n1"));
    advance(1.5);
    assertTrue(registry.evictSilent().isEmpty());
    assertTrue(registry.view().isLive("n1"));
    assertTrue(registry.view().ring().contains("n1"));
  }

  @Test
  void aNodeSilentForThreeIntervalsIsEvictedExactlyOnce() {
    byte[] k1 = registry.join(reg("n1")).heartbeatKey();
    byte[] k2 = registry.join(reg("n2")).heartbeatKey();
    long seq = 0;
    for (int i = 0; i < 6; i++) {
      advance(0.5);
      // n2 keeps beating, n1 has gone quiet.
      assertEquals(HeartbeatOutcome.ACCEPTED, registry.heartbeat(beat("n2", seq++, k2)));
      if (i < 3) {
        assertTrue(registry.evictSilent().isEmpty(), "n1 silent for only " + (i + 1) * 0.5 + " intervals");
      }
    }
    List<NodeInfo> evicted = registry.evictSilent();
    assertEquals(1, evicted.size());
    assertEquals("n1", evicted.get(0).id());
    assertEquals(NodeState.DEAD, evicted.get(0).state());
    advance(3);
    assertEquals(HeartbeatOutcome.ACCEPTED, registry.heartbeat(beat("n2", seq, k2)));
    assertTrue(registry.evictSilent().isEmpty(), "an evicted node is not evicted again");

    ClusterView view = registry.view();
    assertEquals(NodeState.DEAD, view.node("n1").state());
    assertFalse(view.ring().contains("n1"));
    assertTrue(view.ring().contains("n2"));
    assertEquals(1, view.liveCount());
    assertNotNull(k1);
  }

  @Test
  void staleOrRepeatedSequenceNumbersAreRefused() {
    byte[] key = registry.join(reg("n1")).heartbeatKey();
    Buffer five = beat("n1", 5, key);
    assertEquals(HeartbeatOutcome.ACCEPTED, registry.heartbeat(five));
    assertEquals(HeartbeatOutcome.STALE_SEQ, registry.heartbeat(five), "a replay");
    assertEquals(HeartbeatOutcome.STALE_SEQ, registry.heartbeat(beat("n1", 4, key)), "a late one");
    assertEquals(HeartbeatOutcome.ACCEPTED, registry.heartbeat(beat("n1", 6, key)));
  }

  @Test
  void heartbeatsRefreshLivenessAndStatistics() {
    byte[] key = registry.join(reg("n1")).heartbeatKey();
    for (int i = 0; i < 10; i++) {
      advance(1);
      assertEquals(HeartbeatOutcome.ACCEPTED, registry.heartbeat(beat("n1", i, key)));
      assertTrue(registry.evictSilent().isEmpty());
    }
    NodeInfo n = registry.view().node("n1");
    assertEquals(50, n.usedBytes());
    assertEquals(3, n.blockCount());
    assertEquals(clock.millis(), n.lastHeartbeatMs());
  }

  @Test
  void badHmacAndMalformedDatagramsAreRefused() {
    registry.join(reg("n1"));
    byte[] wrongKey = new byte[NodeRegistry.KEY_BYTES];
    assertEquals(HeartbeatOutcome.BAD_HMAC, registry.heartbeat(beat("n1", 1, wrongKey)));
    Buffer good = beat("n1", 2, new byte[32]);
    Buffer truncated = good.getBuffer(0, good.length() - 1);
    assertEquals(HeartbeatOutcome.MALFORMED, registry.heartbeat(truncated));
    assertEquals(HeartbeatOutcome.MALFORMED, registry.heartbeat(Buffer.buffer(new byte[2000])));
    assertEquals(HeartbeatOutcome.MALFORMED, registry.heartbeat(HeartbeatCodec.rejoin("n1")));
  }

  @Test
  void unknownAndEvictedNodesMustRejoinAndOldKeysStopWorking() {
    assertEquals(HeartbeatOutcome.UNKNOWN_NODE, registry.heartbeat(beat("ghost", 1, new byte[32])));
    NodeRegistry.Joined first = registry.join(reg("n1"));
    assertEquals(NodeRegistry.JoinKind.NEW, first.kind());
    assertEquals(HeartbeatOutcome.ACCEPTED, registry.heartbeat(beat("n1", 10, first.heartbeatKey())));
    advance(3);
    assertEquals(1, registry.evictSilent().size());
    assertEquals(HeartbeatOutcome.UNKNOWN_NODE, registry.heartbeat(beat("n1", 11, first.heartbeatKey())));
    assertFalse(registry.view().isLive("n1"));

    NodeRegistry.Joined again = registry.join(reg("n1"));
    assertEquals(NodeRegistry.JoinKind.REJOINED, again.kind());
    assertTrue(registry.view().isLive("n1"));
    assertTrue(registry.view().ring().contains("n1"));
    assertEquals(HeartbeatOutcome.BAD_HMAC, registry.heartbeat(beat("n1", 12, first.heartbeatKey())));
    // A new key and a new sequence: a restarted node may count from zero again.
    assertEquals(HeartbeatOutcome.ACCEPTED, registry.heartbeat(beat("n1", 0, again.heartbeatKey())));
  }

  @Test
  void nobodyIsEvictedDuringTheGracePeriodAfterStart() {
    MutableClock c = new MutableClock(0);
    NodeRegistry r = new NodeRegistry(c, INTERVAL, 1, 16);
    r.join(reg("n1"));
    c.advance(Duration.ofMillis(1500));
    assertTrue(r.evictSilent().isEmpty(), "silent past missedHeartbeats, but within the grace period");
    c.advance(Duration.ofMillis(600));
    assertEquals(1, r.evictSilent().size());
  }

  @Test
  void viewIsTheSameSnapshotUntilSomethingChanges() {
    registry.join(reg("n1"));
    ClusterView v1 = registry.view();
    assertSame(v1, registry.view());
    registry.join(reg("n2"));
    ClusterView v2 = registry.view();
    assertNotSame(v1, v2);
    assertEquals(1, v1.liveCount());
    assertEquals(2, v2.liveCount());
  }
}
