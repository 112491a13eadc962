package io.dfs.meta.health;

import io.dfs.common.error.ErrorCode;
import io.dfs.common.config.MetaConfig;
import io.dfs.common.heartbeat.HeartbeatCodec;
import io.dfs.meta.BusAddresses;
import io.dfs.meta.events.EventKind;
import io.dfs.meta.events.EventLog;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single owner of node health: it holds the {@link NodeRegistry} (live-node table and KeyRing),
 * receives UDP heartbeats, runs the eviction check, and admits joining nodes when asked over the
 * event bus at {@link BusAddresses#join()}. Everything it does runs on its one event-loop thread,
 * so the registry needs no locks.
 *
 * <p><b>How others read membership.</b> Other verticles never touch the registry. After every
 * change of membership (join, eviction) this verticle publishes an immutable {@link ClusterView}
 * through an {@link AtomicReference}, and it publishes again on each check tick when heartbeats
 * changed node statistics. Readers (placement, lookups, the status page) take {@code get()} of
 * that reference: one volatile read, no event-bus round trip on the request path, and a view that
 * is internally consistent even if it is a few milliseconds old. A join is answered only after the
 * view that contains the node has been published, so a node's first block report always finds it.
 */
public final class NodeHealthVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(NodeHealthVerticle.class);
  /** Longest time between eviction checks, which also publish heartbeat statistics. */
  static final long MAX_TICK_MS = 250;

  private final MetaConfig config;
  private final Clock clock;
  private final AtomicReference<ClusterView> published;
  private final HeartbeatCounters counters;
  private final BusAddresses bus;
  private final EventLog events;
  private NodeRegistry registry;
  private DatagramSocket socket;
  private volatile int heartbeatPort = -1;

  public NodeHealthVerticle(MetaConfig config, Clock clock, AtomicReference<ClusterView> published,
      HeartbeatCounters counters, BusAddresses bus, EventLog events) {
    this.config = config;
    this.events = events;
    this.clock = clock;
    this.published = published;
    this.counters = counters;
    this.bus = bus;
  }

  @Override
  public Future<?> start() {
    registry = new NodeRegistry(clock, config.heartbeatInterval(), config.missedHeartbeats(), config.virtualNodes());
    published.set(registry.view());
    MessageConsumer<JsonObject> joins = vertx.eventBus().localConsumer(bus.join(), this::onJoin);
    // The kernel's default receive buffer stays: Vert.x would also make every datagram read allocate
    // a buffer of the size given, which under a flood of garbage cost more than the checks and let
    // the kernel drop real heartbeats with the garbage.
    socket = vertx.createDatagramSocket(new DatagramSocketOptions());
    socket.handler(this::onDatagram);
    socket.exceptionHandler(e -> LOG.warn("event=heartbeat_socket_error reason=\"{}\"", e.getMessage()));
    long period = Math.min(MAX_TICK_MS, Math.max(10, config.heartbeatInterval().toMillis() / 4));
    vertx.setPeriodic(period, id -> checkEvictions());
    return joins.completion()
        .compose(v -> socket.listen(config.heartbeatPort(), config.host()))
        .onSuccess(s -> heartbeatPort = s.localAddress().port());
  }

  /** The UDP port heartbeats are received on, once started. */
  public int heartbeatPort() {
    return heartbeatPort;
  }

  private void onJoin(Message<JsonObject> msg) {
    NodeRegistration reg = NodeRegistration.fromJson(msg.body());
    String claimed = registry.claimedElsewhere(reg);
    if (claimed != null) {
      LOG.warn("event=join_refused node={} address={}:{} reason=\"{}\"", reg.id(), reg.host(), reg.port(), claimed);
      msg.fail(ErrorCode.CONFLICT.httpStatus(), claimed);
      return;
    }
    NodeInfo before = registry.view().node(reg.id());
    NodeRegistry.Joined joined = registry.join(reg);
    published.set(registry.view());
    if (joined.kind() == NodeRegistry.JoinKind.NEW) {
      LOG.info("event=node_joined node={} address={}:{} capacityBytes={} usedBytes={} blocks={}",
          reg.id(), reg.host(), reg.port(), reg.capacityBytes(), reg.usedBytes(), reg.blockCount());
    } else {
      LOG.info("event=node_rejoined node={} address={}:{} capacityBytes={} usedBytes={} blocks={}",
          reg.id(), reg.host(), reg.port(), reg.capacityBytes(), reg.usedBytes(), reg.blockCount());
    }
    recordJoin(reg, before);
    msg.reply(new JsonObject()
        .put("heartbeatKey", Base64.getEncoder().encodeToString(joined.heartbeatKey()))
        .put("kind", joined.kind().name().toLowerCase()));
  }

  private void recordJoin(NodeRegistration reg, NodeInfo before) {
    JsonObject fields = nodeFields(reg.id(), reg.host(), reg.port());
    String at = " at " + reg.host() + ":" + reg.port();
    if (before == null) {
      events.record(EventKind.NODE_JOINED, "node " + reg.id() + " joined" + at, fields);
    } else if (!before.live()) {
      long deadForMs = Math.max(0, clock.millis() - before.deadSinceMs());
      events.record(EventKind.NODE_BACK, "node " + reg.id() + " is back" + at + " after " + deadForMs / 1000 + " s dead",
          fields.put("deadForMs", deadForMs));
    } else {
      events.record(EventKind.NODE_REJOINED, "node " + reg.id() + " joined again" + at, fields);
    }
  }

  private static JsonObject nodeFields(String id, String host, int port) {
    return new JsonObject().put("node", id).put("address", host + ":" + port);
  }

  private void onDatagram(DatagramPacket packet) {
    Buffer data = packet.data();
    HeartbeatOutcome outcome = registry.heartbeat(data);
    counters.record(outcome);
    if (outcome == HeartbeatOutcome.UNKNOWN_NODE) {
      String nodeId = HeartbeatCodec.nodeIdOf(data);
      socket.send(HeartbeatCodec.rejoin(nodeId), packet.sender().port(), packet.sender().host())
          .onSuccess(v -> counters.rejoinSent())
          .onFailure(e -> LOG.debug("event=rejoin_send_failed node={} reason=\"{}\"", nodeId, e.getMessage()));
      LOG.debug("event=heartbeat_unknown_node node={} from={}", nodeId, packet.sender());
    } else if (outcome != HeartbeatOutcome.ACCEPTED) {
      LOG.debug("event=heartbeat_dropped reason={} from={}", outcome.label(), packet.sender());
    }
  }

  private void checkEvictions() {
    for (NodeInfo n : registry.evictSilent()) {
      counters.evicted();
      LOG.warn("event=node_evicted node={} address={}:{} silentMs={}",
          n.id(), n.host(), n.port(), clock.millis() - n.lastHeartbeatMs());
      events.record(EventKind.NODE_EVICTED, "node " + n.id() + " is dead: " + n.deadReason(),
          nodeFields(n.id(), n.host(), n.port()).put("reason", n.deadReason()));
    }
    // Also picks up statistics from heartbeats since the last tick; the same instance if nothing changed.
    published.set(registry.view());
  }
}
