package io.dfs.meta.health;

import io.dfs.common.heartbeat.Heartbeat;
import io.dfs.common.heartbeat.HeartbeatCodec;
import io.dfs.meta.ring.KeyRing;
import io.vertx.core.buffer.Buffer;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The live-node table and the KeyRing, kept together so that they always agree: a node is on the
 * ring exactly while it is live. Nodes join with a registration and get a fresh heartbeat key;
 * heartbeats signed with that key and carrying an increasing sequence number keep them live; a
 * node silent for more than {@code missedHeartbeats} intervals is evicted (marked dead, taken off
 * the ring, its key forgotten) and must join again.
 *
 * <p>Not thread-safe: it has one owner ({@link NodeHealthVerticle}), and everyone else reads the
 * immutable {@link ClusterView}s it publishes. Time comes from the injected clock only.
 */
public final class NodeRegistry {
  /** Bytes of a per-node heartbeat key. */
  public static final int KEY_BYTES = 32;
  /** Intervals after the registry starts during which nobody is evicted. */
  public static final int GRACE_INTERVALS = 2;

  /** How a join relates to what meta knew about the node before. */
  public enum JoinKind {
    /** Never seen since meta started. */
    NEW,
    /** Known: evicted earlier, or live and joining again (it restarted or was told to REJOIN). */
    REJOINED
  }

  /** The answer to a join: the node's new heartbeat key. */
  public record Joined(JoinKind kind, byte[] heartbeatKey) {}

  private static final class Entry {
    NodeRegistration reg;
    long capacityBytes;
    long usedBytes;
    int blockCount;
    NodeState state;
    long lastHeartbeatMs;
    long lastSeq;
    long joinedAtMs;
    long deadSinceMs;
    String deadReason;
    byte[] key;

    NodeInfo info() {
      return new NodeInfo(reg.id(), reg.host(), reg.port(), reg.httpPort(), capacityBytes, usedBytes,
          blockCount, state, lastHeartbeatMs, joinedAtMs, deadSinceMs, deadReason);
    }
  }

  private final Clock clock;
  private final long intervalMs;
  private final long allowedSilenceMs;
  private final long noEvictionBeforeMs;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Entry> nodes = new HashMap<>();
  private final KeyRing ring;
  private KeyRing ringSnapshot;
  private ClusterView view;

  public NodeRegistry(Clock clock, Duration heartbeatInterval, int missedHeartbeats, int virtualNodes) {
    this.clock = clock;
    this.intervalMs = heartbeatInterval.toMillis();
    // Missing n heartbeats means a silence of more than n intervals, plus however far into its
    // interval the last one came: a node that stalls for 1.5 intervals is silent up to 2.5
    // intervals and must stay; one that stalls for 3 must go, within 3 intervals (RELIABILITY A6).
    this.allowedSilenceMs = intervalMs * missedHeartbeats + intervalMs * 3 / 4;
    // After meta (re)starts, nodes need time to notice and re-join before anyone is judged.
    this.noEvictionBeforeMs = clock.millis() + GRACE_INTERVALS * intervalMs;
    this.ring = new KeyRing(virtualNodes);
  }

  /**
   * Why {@code reg} may not join now, or null if it may: its id belongs to a live node at another
   * address that was heard from within the last interval. A restarted node has gone quiet by the
   * time it joins again; one still beating is a second process claiming the same identity.
   */
  public String claimedElsewhere(NodeRegistration reg) {
    Entry e = nodes.get(reg.id());
    if (e == null || e.state != NodeState.LIVE) {
      return null;
    }
    boolean sameAddress = e.reg.host().equals(reg.host()) && e.reg.port() == reg.port();
    if (sameAddress || clock.millis() - e.lastHeartbeatMs >= intervalMs) {
      return null;
    }
    return "node " + reg.id() + " is live at " + e.reg.host() + ":" + e.reg.port()
        + "; stop it before starting it at another address";
  }

  /**
   * Adds or re-adds a node: it becomes live, goes on the ring, and gets a new heartbeat key and
   * sequence, so heartbeats signed with an older key no longer count.
   */
  public Joined join(NodeRegistration reg) {
    Entry e = nodes.get(reg.id());
    JoinKind kind = e == null ? JoinKind.NEW : JoinKind.REJOINED;
    if (e == null) {
      e = new Entry();
      nodes.put(reg.id(), e);
    }
    e.reg = reg;
    e.capacityBytes = reg.capacityBytes();
    e.usedBytes = reg.usedBytes();
    e.blockCount = reg.blockCount();
    e.state = NodeState.LIVE;
    e.lastHeartbeatMs = clock.millis();
    e.joinedAtMs = e.lastHeartbeatMs;
    e.deadSinceMs = 0;
    e.deadReason = null;
    e.lastSeq = -1;
    e.key = new byte[KEY_BYTES];
    random.nextBytes(e.key);
    ring.add(reg.id());
    ringSnapshot = null;
    view = null;
    return new Joined(kind, e.key.clone());
  }

  /**
   * Checks and records one heartbeat datagram. The size and header are checked before anything is
   * parsed; only a live node's key is tried.
   */
  public HeartbeatOutcome heartbeat(Buffer datagram) {
    if (HeartbeatCodec.typeOf(datagram) != HeartbeatCodec.TYPE_HEARTBEAT) {
      return HeartbeatOutcome.MALFORMED;
    }
    Entry e = nodes.get(HeartbeatCodec.nodeIdOf(datagram));
    if (e == null || e.state != NodeState.LIVE) {
      return HeartbeatOutcome.UNKNOWN_NODE;
    }
    Heartbeat hb = HeartbeatCodec.verify(datagram, e.key);
    if (hb == null) {
      return HeartbeatOutcome.BAD_HMAC;
    }
    if (hb.seq() <= e.lastSeq) {
      return HeartbeatOutcome.STALE_SEQ;
    }
    e.lastSeq = hb.seq();
    e.lastHeartbeatMs = clock.millis();
    e.usedBytes = Math.max(0, hb.usedBytes());
    e.capacityBytes = Math.max(0, hb.capacityBytes());
    e.blockCount = Math.max(0, hb.blockCount());
    view = null;
    return HeartbeatOutcome.ACCEPTED;
  }

  /**
   * Evicts every live node silent for longer than the allowed number of intervals, at most once
   * per node; returns the nodes evicted by this call (as they are now: dead).
   */
  public List<NodeInfo> evictSilent() {
    long now = clock.millis();
    List<NodeInfo> evicted = new ArrayList<>();
    if (now < noEvictionBeforeMs) {
      return evicted;
    }
    for (Entry e : nodes.values()) {
      if (e.state == NodeState.LIVE && now - e.lastHeartbeatMs > allowedSilenceMs) {
        e.state = NodeState.DEAD;
        e.deadSinceMs = now;
        e.deadReason = "no heartbeat for " + (now - e.lastHeartbeatMs) + " ms (limit " + allowedSilenceMs + " ms)";
        e.key = null;
        ring.remove(e.reg.id());
        evicted.add(e.info());
      }
    }
    if (!evicted.isEmpty()) {
      ringSnapshot = null;
      view = null;
    }
    return evicted;
  }

  /** The heartbeat interval nodes are told to keep. */
  public long heartbeatIntervalMs() {
    return intervalMs;
  }

  /** An immutable snapshot of the table and ring; the same instance until something changes. */
  public ClusterView view() {
    if (view == null) {
      Map<String, NodeInfo> infos = new HashMap<>();
      for (Entry e : nodes.values()) {
        infos.put(e.reg.id(), e.info());
      }
      if (ringSnapshot == null) {
        ringSnapshot = ring.snapshot();
      }
      view = new ClusterView(ringSnapshot, infos);
    }
    return view;
  }
}
