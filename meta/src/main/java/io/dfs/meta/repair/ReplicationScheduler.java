package io.dfs.meta.repair;

import io.dfs.common.tls.Tls;
import io.dfs.common.security.BlockOp;
import io.dfs.common.error.DfsException;
import io.dfs.common.error.ErrorCode;
import io.dfs.common.error.NodeFailure;
import io.dfs.common.security.ServiceTokenSource;
import io.dfs.common.wire.BlockProtocol;
import io.dfs.meta.MetaServices;
import io.dfs.meta.events.EventKind;
import io.dfs.meta.gc.BlockDeleteClient;
import io.dfs.meta.health.ClusterView;
import io.dfs.meta.health.NodeInfo;
import io.dfs.meta.namespace.BlockRecord;
import io.dfs.meta.namespace.FileRecord;
import io.dfs.meta.namespace.ReplicaMap;
import io.dfs.meta.nodecalls.NodeRequest;
import io.dfs.meta.placement.NodeAddress;
import io.dfs.meta.placement.ReplicaLocator;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings every committed block back to its replication factor, and no further.
 *
 * <p>A scan ({@link RepairPlanner} over all committed files) runs when something that can leave a
 * block short changed — the set of live nodes, a replica lost ({@link io.dfs.meta.namespace.ReplicaMap#lossVersion()}),
 * a committed block still short of its replication once the time to evict a node has passed
 * ({@link ShortBlockWatch}), a bad-replica report — at most once per
 * {@link #SCAN_GAP_MS}, and every {@link #BACKSTOP_MS} regardless (which also finds surplus
 * replicas). Replicas merely added do not trigger one: a scan reads the whole namespace, and under
 * a steady stream of writes one a second would grow with the number of files. Its copies are queued and
 * sent as REPLICATE requests to a source node, which pipes the block to the targets itself (no
 * bytes pass through meta); at most {@code replicationStreams} copies are in flight in the cluster
 * and {@link #COPIES_PER_SOURCE} per source node, and each node throttles its own sending. Surplus
 * and mismatching replicas are deleted with DELETE_BLOCKS.
 *
 * <p>Nothing is planned during a quiet period after meta starts: until the nodes have re-joined,
 * the replica map is incomplete and every block would look under-replicated.
 *
 * <p>Everything runs on this verticle's event loop, except the scan itself (on the namespace read
 * pool), which works on snapshots.
 */
public final class ReplicationScheduler extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(ReplicationScheduler.class);
  private static final String SHORT_BLOCKS = "shortBlocks";
  static final long TICK_MS = 200;
  static final long SCAN_GAP_MS = 1_000;
  static final long BACKSTOP_MS = 30_000;
  static final int COPIES_PER_SCAN = 4_096;
  static final int COPIES_PER_SOURCE = 2;
  /** Short blocks followed one by one; beyond, a scan looks at them all. */
  static final int SHORT_BLOCKS_WATCHED = 65_536;
  /** How long a node that failed a copy of a block is not asked to take part in copying it again. */
  static final long AVOID_MS = 30_000;

  private final MetaServices services;
  private final ServiceTokenSource tokens;
  private final ReplicaLocator locator;
  private final RepairCounters counters;
  private final RepairProgress progress;
  private final ArrayDeque<RepairPlanner.Copy> queue = new ArrayDeque<>();
  private final Set<String> queuedBlocks = new HashSet<>();
  private final Map<String, RepairPlanner.Copy> inFlight = new HashMap<>();
  private final Map<String, Integer> perSource = new HashMap<>();
  /** "blockId/nodeId" → until when (nanoTime) that node is left out of that block's copies. */
  private final Map<String, Long> avoidUntil = new HashMap<>();
  private ShortBlockWatch shortBlocks;
  private NetClient net;
  private BlockDeleteClient deletes;
  private long quietUntilNanos;
  private long lastScanNanos;
  private long lastSignature;
  private long lastLiveSignature;
  private boolean scanning;
  private boolean dirty = true;

  public ReplicationScheduler(MetaServices services, ServiceTokenSource tokens, RepairCounters counters) {
    this.services = services;
    this.tokens = tokens;
    this.locator = new ReplicaLocator(services.replicas());
    this.counters = counters;
    this.progress = new RepairProgress(services.events(), System::nanoTime);
  }

  @Override
  public Future<?> start() {
    net = vertx.createNetClient(Tls.client(new NetClientOptions().setConnectTimeout(5_000).setTcpNoDelay(true),
        services.config().tls()));
    deletes = new BlockDeleteClient(vertx, net, services.blockTokens(), services.config().serviceAccount());
    long interval = services.config().heartbeatInterval().toMillis();
    long quietMs = Math.max(2_000, (services.config().missedHeartbeats() + 2) * interval);
    // By then a node that died holding a block's missing replica has been evicted, which scans anyway.
    shortBlocks = new ShortBlockWatch(services.config().missedHeartbeats() * interval, SHORT_BLOCKS_WATCHED);
    quietUntilNanos = System.nanoTime() + quietMs * 1_000_000;
    lastScanNanos = System.nanoTime();
    MessageConsumer<JsonObject> kicks = vertx.eventBus().localConsumer(services.bus().repair(), this::onMessage);
    vertx.setPeriodic(TICK_MS, id -> tick());
    return kicks.completion();
  }

  @Override
  public Future<?> stop() {
    return net == null ? Future.succeededFuture() : net.close();
  }

  private void onMessage(Message<JsonObject> msg) {
    JsonObject body = msg.body();
    if (body != null && body.getValue(SHORT_BLOCKS) instanceof JsonArray ids) {
      shortBlocks.watch(ids.stream().map(String.class::cast).toList(), body.getInteger("replication"),
          System.nanoTime());
      return;
    }
    if (body != null && body.getString("blockId") != null && body.getString("node") != null) {
      onBadReplica(body.getString("blockId"), body.getString("node"), body.getString("reason", "reported bad"));
    }
    dirty = true;
  }

  /**
   * The message that has the scheduler look again, after a grace, at the blocks of a file just
   * committed that have fewer replicas reported than its replication; null when none has.
   */
  public static JsonObject shortBlocks(FileRecord file, ReplicaMap replicas) {
    JsonArray ids = new JsonArray();
    for (BlockRecord b : file.blocks()) {
      if (ShortBlockWatch.isShort(replicas, b.id(), file.replication())) {
        ids.add(b.id());
      }
    }
    return ids.isEmpty() ? null : new JsonObject().put(SHORT_BLOCKS, ids).put("replication", file.replication());
  }

  private void tick() {
    long now = System.nanoTime();
    if (now - quietUntilNanos < 0) {
      return;
    }
    ClusterView view = services.views().get();
    if (view.liveSignature() != lastLiveSignature) {
      lastLiveSignature = view.liveSignature();
      dropQueued();
    }
    long signature = signature(view, services.replicas().lossVersion());
    if (signature != lastSignature) {
      lastSignature = signature;
      dirty = true;
    }
    if (now - lastScanNanos > BACKSTOP_MS * 1_000_000 || shortBlocks.dueAndShort(services.replicas(), now)) {
      dirty = true;
    }
    if (dirty && !scanning && queue.isEmpty() && now - lastScanNanos >= SCAN_GAP_MS * 1_000_000) {
      scan();
    }
    dispatch();
    progress.tick(queue.size(), inFlight.size());
  }

  /** Changes when a node joins, leaves or re-joins, or a replica is lost. */
  private static long signature(ClusterView view, long lossVersion) {
    return lossVersion * 1_000_003L + view.liveSignature();
  }

  private void scan() {
    scanning = true;
    dirty = false;
    counters.scans.increment();
    lastScanNanos = System.nanoTime();
    Set<String> busy = new HashSet<>(queuedBlocks);
    busy.addAll(inFlight.keySet());
    Set<String> avoided = currentlyAvoided();
    RepairPlanner planner = new RepairPlanner(services.views().get(), services.replicas(), busy,
        (block, node) -> avoided.contains(block + "/" + node), COPIES_PER_SCAN);
    long liveAtScan = lastLiveSignature;
    services.store().forEachCommitted(planner).onComplete(ar -> {
      scanning = false;
      if (ar.failed()) {
        LOG.warn("event=repair_scan_failed reason=\"{}\"", ar.cause().getMessage());
        dirty = true;
        return;
      }
      if (lastLiveSignature != liveAtScan) {
        // A node came or went during the scan: its copies and removals are stale already.
        dirty = true;
        return;
      }
      int added = 0;
      for (RepairPlanner.Copy copy : planner.copies()) {
        if (queuedBlocks.add(copy.blockId())) {
          queue.add(copy);
          added++;
        }
      }
      counters.queued.set(queue.size());
      progress.scanned(added, planner.underReplicated(), planner.missing(), queue.size(), inFlight.size());
      if (!planner.copies().isEmpty() || !planner.removals().isEmpty()) {
        LOG.info("event=repair_planned copies={} removals={} underReplicated={} missing={}",
            planner.copies().size(), planner.removals().size(), planner.underReplicated(), planner.missing());
      }
      remove(planner.removals());
      dispatch();
    });
  }

  /**
   * Forgets the copies not yet sent. Planned before a node came or went, they may be needless (the
   * node is back, and its replicas with it) or aimed at a node that is gone; sent anyway, they
   * would hold the queue, and the next scan waits for an empty queue, while blocks really short of
   * copies wait behind them. The scan that follows plans afresh.
   */
  private void dropQueued() {
    if (!queue.isEmpty()) {
      LOG.info("event=repair_replanned dropped={}", queue.size());
    }
    queue.clear();
    queuedBlocks.clear();
    counters.queued.set(0);
  }

  private Set<String> currentlyAvoided() {
    long now = System.nanoTime();
    avoidUntil.values().removeIf(until -> now - until > 0);
    return new HashSet<>(avoidUntil.keySet());
  }

  private void avoid(String blockId, String node) {
    avoidUntil.put(blockId + "/" + node, System.nanoTime() + AVOID_MS * 1_000_000);
  }

  private void dispatch() {
    int limit = services.config().replicationStreams();
    Iterator<RepairPlanner.Copy> it = queue.iterator();
    while (inFlight.size() < limit && it.hasNext()) {
      RepairPlanner.Copy copy = it.next();
      if (perSource.getOrDefault(copy.source(), 0) >= COPIES_PER_SOURCE) {
        continue;
      }
      it.remove();
      queuedBlocks.remove(copy.blockId());
      start(copy);
    }
    counters.queued.set(queue.size());
    counters.inFlight.set(inFlight.size());
  }

  private void start(RepairPlanner.Copy copy) {
    ClusterView view = services.views().get();
    NodeInfo source = view.node(copy.source());
    List<NodeAddress> targets = view.liveAddresses(copy.targets());
    if (source == null || !source.live() || targets.size() != copy.targets().size()) {
      // Membership moved since the scan; the next scan plans afresh.
      dirty = true;
      return;
    }
    inFlight.put(copy.blockId(), copy);
    perSource.merge(copy.source(), 1, Integer::sum);
    JsonArray targetJson = new JsonArray();
    targets.forEach(t -> targetJson.add(t.toJson()));
    long started = System.nanoTime();
    tokens.token()
        .compose(token -> NodeRequest.send(net, source.address(), BlockProtocol.TYPE_REPLICATE, new JsonObject()
                .put("v", BlockProtocol.VERSION)
                .put("blockId", copy.blockId())
                .put("length", copy.length())
                .put("crc32c", copy.crc32c())
                .put("targets", targetJson)
                .put("auth", token)
                .put("blockToken", services.blockTokens().sign(services.config().serviceAccount(), BlockOp.REPLICATE,
                    copy.blockId())),
            services.config().replicationTimeout().toMillis()))
        .onSuccess(ack -> copied(copy, ack, (System.nanoTime() - started) / 1_000_000))
        .onFailure(e -> copyFailed(copy, e))
        .onComplete(ar -> {
          inFlight.remove(copy.blockId());
          perSource.computeIfPresent(copy.source(), (k, n) -> n > 1 ? n - 1 : null);
          dirty = true;
          dispatch();
        });
    counters.inFlight.set(inFlight.size());
  }

  private void copied(RepairPlanner.Copy copy, JsonObject ack, long tookMs) {
    // The targets verified the CRC32C and made the copy durable before the ACK; recording them now
    // keeps the next scan from copying again before their own reports arrive.
    List<String> landed = new ArrayList<>();
    if (ack.getValue("nodes") instanceof JsonArray nodes) {
      for (Object n : nodes) {
        if (n instanceof String id && copy.targets().contains(id)) {
          landed.add(id);
        }
      }
    }
    for (String node : landed) {
      services.replicas().add(node, copy.blockId(), new ReplicaMap.Replica(copy.length(), copy.crc32c()));
    }
    counters.copiesSucceeded.increment();
    counters.bytesCopied.add(copy.length() * landed.size());
    progress.copied(copy.length() * landed.size());
    LOG.info("event=block_replicated block={} from={} to={} bytes={} tookMs={}",
        copy.blockId(), copy.source(), landed, copy.length(), tookMs);
  }

  private void copyFailed(RepairPlanner.Copy copy, Throwable failure) {
    counters.copiesFailed.increment();
    progress.failed();
    DfsException e = DfsException.of(failure);
    String culprit = e instanceof NodeFailure nf ? nf.node() : copy.source();
    if (culprit.equals(copy.source()) && (e.code() == ErrorCode.CORRUPT || e.code() == ErrorCode.NOT_FOUND
        || e.code() == ErrorCode.CONFLICT)) {
      // The source's copy is gone or bad; it reports that itself too, but stop counting it now.
      services.replicas().remove(copy.source(), copy.blockId());
    } else if (e.code() != ErrorCode.BUSY) {
      avoid(copy.blockId(), culprit);
    }
    LOG.warn("event=replicate_failed block={} from={} to={} culprit={} code={} reason=\"{}\"",
        copy.blockId(), copy.source(), copy.targets(), culprit, e.code().wireName(), e.getMessage());
  }

  /**
   * A client could not use {@code node}'s replica of a block. It is deleted there, so that a good
   * copy replaces it, but only while another usable replica exists: a block whose every copy
   * looks bad keeps them for an operator.
   */
  private void onBadReplica(String blockId, String node, String reason) {
    counters.badReplicaReports.increment();
    ReplicaMap.Read read = services.replicas().beginRead();
    services.store().fileOfBlock(blockId).onSuccess(file -> {
      if (file.isEmpty() || file.get().pending()) {
        return;
      }
      var block = file.get().blocks().stream().filter(b -> b.id().equals(blockId)).findFirst().orElse(null);
      if (block == null || block.crc32c() == null) {
        return;
      }
      Set<String> usable = locator.usableHolders(services.views().get(), blockId, block.length(), block.crc32c());
      usable.remove(node);
      if (usable.isEmpty() || !services.replicas().holders(blockId).containsKey(node)) {
        LOG.warn("event=bad_replica_kept block={} node={} reason=\"{}\" otherGoodReplicas={}",
            blockId, node, reason, usable.size());
        recordBadReplica(blockId, node, reason, false);
        return;
      }
      LOG.warn("event=bad_replica_reported block={} node={} reason=\"{}\"", blockId, node, reason);
      recordBadReplica(blockId, node, reason, true);
      remove(List.of(new RepairPlanner.Removal(blockId, node, "reported bad: " + reason)));
    }).onComplete(ar -> read.close());
  }

  private void recordBadReplica(String blockId, String node, String reason, boolean replaced) {
    services.events().record(EventKind.CORRUPT_REPLICA, "bad replica of block " + blockId + " on node " + node
            + " reported (" + reason + "): " + (replaced ? "replacing it from a good copy" : "kept, no other good copy"),
        new JsonObject().put("block", blockId).put("node", node).put("reason", reason)
            .put("action", replaced ? "replaced" : "kept"));
  }

  private void remove(List<RepairPlanner.Removal> removals) {
    if (removals.isEmpty()) {
      return;
    }
    Map<String, List<RepairPlanner.Removal>> byNode = new HashMap<>();
    for (RepairPlanner.Removal r : removals) {
      byNode.computeIfAbsent(r.node(), k -> new ArrayList<>()).add(r);
    }
    ClusterView view = services.views().get();
    tokens.token().onSuccess(token -> byNode.forEach((nodeId, list) -> {
      NodeInfo node = view.node(nodeId);
      if (node == null || !node.live()) {
        return;
      }
      for (int from = 0; from < list.size(); from += BlockDeleteClient.MAX_IDS_PER_REQUEST) {
        List<RepairPlanner.Removal> chunk = list.subList(from,
            Math.min(list.size(), from + BlockDeleteClient.MAX_IDS_PER_REQUEST));
        List<String> ids = chunk.stream().map(RepairPlanner.Removal::blockId).toList();
        deletes.delete(node.address(), ids, false, token)
            .onSuccess(v -> chunk.forEach(r -> {
              services.replicas().remove(nodeId, r.blockId());
              counters.replicasRemoved.increment();
              LOG.info("event=replica_removed block={} node={} why=\"{}\"", r.blockId(), nodeId, r.why());
            }))
            .onFailure(e -> LOG.warn("event=replica_remove_failed node={} blocks={} reason=\"{}\"",
                nodeId, ids.size(), e.getMessage()));
      }
    })).onFailure(e -> LOG.warn("event=repair_login_failed reason=\"{}\"", e.getMessage()));
  }
}
