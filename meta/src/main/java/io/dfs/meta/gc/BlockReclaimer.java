package io.dfs.meta.gc;

import io.dfs.common.tls.Tls;
import io.dfs.common.security.ServiceTokenSource;
import io.dfs.meta.MetaServices;
import io.dfs.meta.events.EventKind;
import io.dfs.meta.health.ClusterView;
import io.dfs.meta.health.NodeInfo;
import io.dfs.meta.namespace.FileRecord;
import io.dfs.meta.namespace.GarbageBlock;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets rid of blocks no file owns any more. Every {@link #PERIOD_MS} (and right away when a delete
 * or a replacing commit sends a message to {@code reclaim}), one pass:
 *
 * <ol>
 *   <li>drops pending files past their expiry; their blocks become garbage ({@code g/});
 *   <li>for each garbage block that is due (a deleted or replaced file's blocks fall due
 *       {@code reclaimDelay} after, so reads that looked the file up before finish), sends
 *       DELETE_BLOCKS with meta's service token to every live node known to hold it, and forgets
 *       those replicas when the node ACKs. Its holders are those its garbage entry recorded when
 *       its file was dropped, and any the replica map got since (a late report, a JOIN);
 *   <li>forgets garbage blocks no node is known to hold any more. A replica on a node that is
 *       down stays known until the node joins again, when its JOIN is told to delete it.
 * </ol>
 *
 * Passes never overlap; a request during a pass runs one more pass after it.
 */
public final class BlockReclaimer extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(BlockReclaimer.class);
  static final long PERIOD_MS = 1_000;
  /** Garbage blocks handled per pass; the rest wait for the next. */
  static final int BLOCKS_PER_PASS = 2_048;
  static final int EXPIRIES_PER_PASS = 256;
  /** Expired files named in one event; the rest are counted. */
  static final int NAMES_PER_EVENT = 5;

  private final MetaServices services;
  private final ServiceTokenSource tokens;
  private BlockDeleteClient deletes;
  private boolean running;
  private boolean again;
  /** The last garbage block of the previous pass when it was a full batch; null: start from the first. */
  private String resumeAfter;

  public BlockReclaimer(MetaServices services, ServiceTokenSource tokens) {
    this.services = services;
    this.tokens = tokens;
  }

  @Override
  public Future<?> start() {
    NetClient net = vertx.createNetClient(Tls.client(new NetClientOptions().setConnectTimeout(5_000),
        services.config().tls()));
    deletes = new BlockDeleteClient(vertx, net, services.blockTokens(), services.config().serviceAccount());
    MessageConsumer<Object> kicks = vertx.eventBus().localConsumer(services.bus().reclaim(), msg -> reclaim());
    vertx.setPeriodic(PERIOD_MS, id -> reclaim());
    return kicks.completion();
  }

  private void reclaim() {
    if (running) {
      again = true;
      return;
    }
    running = true;
    pass().onComplete(ar -> {
      running = false;
      if (ar.failed()) {
        LOG.warn("event=gc_failed reason=\"{}\"", ar.cause().getMessage());
      }
      if (again) {
        again = false;
        reclaim();
      }
    });
  }

  private Future<Void> pass() {
    long now = services.wallClock().millis();
    return services.store().expirePending(now, EXPIRIES_PER_PASS)
        .compose(expired -> {
          for (FileRecord f : expired) {
            LOG.info("event=pending_expired owner={} name=\"{}\" id={} blocks={}",
                f.owner(), f.name(), f.id(), f.blocks().size());
          }
          recordExpiry(expired);
          return services.store().garbage(BLOCKS_PER_PASS, now, resumeAfter);
        })
        .compose(garbage -> {
          // A full batch may be held up by blocks only dead nodes hold: the next pass goes on
          // after it rather than meeting the same blocks again; a short one starts over.
          resumeAfter = garbage.size() == BLOCKS_PER_PASS ? garbage.get(garbage.size() - 1).id() : null;
          return garbage.isEmpty() ? Future.succeededFuture() : reclaim(garbage);
        });
  }

  /** One event per pass, not per file: a client that abandons many uploads must not flood the event log. */
  private void recordExpiry(List<FileRecord> expired) {
    if (expired.isEmpty()) {
      return;
    }
    long blocks = 0;
    JsonArray names = new JsonArray();
    for (FileRecord f : expired) {
      blocks += f.blocks().size();
      if (names.size() < NAMES_PER_EVENT) {
        names.add(new JsonObject().put("owner", f.owner()).put("name", f.name()).put("id", f.id()));
      }
    }
    String shown = expired.stream().limit(NAMES_PER_EVENT).map(f -> f.owner() + ":" + f.name())
        .collect(Collectors.joining(", "));
    String more = expired.size() > NAMES_PER_EVENT ? " and " + (expired.size() - NAMES_PER_EVENT) + " more" : "";
    services.events().record(EventKind.PENDING_EXPIRED, expired.size() + " uncommitted "
            + (expired.size() == 1 ? "file" : "files") + " expired (" + blocks + " blocks to reclaim): " + shown + more,
        new JsonObject().put("files", expired.size()).put("blocks", blocks).put("names", names));
  }

  private Future<Void> reclaim(List<GarbageBlock> garbage) {
    ClusterView view = services.views().get();
    Map<String, List<String>> byNode = new HashMap<>();
    for (GarbageBlock block : garbage) {
      for (String nodeId : holders(block)) {
        if (view.isLive(nodeId)) {
          byNode.computeIfAbsent(nodeId, k -> new ArrayList<>()).add(block.id());
        }
      }
    }
    Map<String, Set<String>> deleted = new HashMap<>();
    Future<Void> sent = byNode.isEmpty() ? Future.succeededFuture()
        : tokens.token()
            .recover(e -> {
              LOG.warn("event=gc_login_failed reason=\"{}\"", e.getMessage());
              return Future.succeededFuture(null);
            })
            .compose(token -> token == null ? Future.succeededFuture() : sendAll(view, byNode, token, deleted));
    return sent.compose(v -> {
      Map<String, Set<String>> left = new HashMap<>();
      int gone = 0;
      for (GarbageBlock block : garbage) {
        Set<String> holders = holders(block);
        holders.removeAll(deleted.getOrDefault(block.id(), Set.of()));
        if (holders.isEmpty() || !holders.equals(block.holders())) {
          left.put(block.id(), holders);
        }
        gone += holders.isEmpty() ? 1 : 0;
      }
      int forgotten = gone;
      int replicasDeleted = deleted.values().stream().mapToInt(Set::size).sum();
      return services.store().settleGarbage(left).onSuccess(x -> {
        if (replicasDeleted > 0 || forgotten > 0) {
          LOG.info("event=gc replicasDeleted={} nodes={} blocksForgotten={} garbageLeft={}",
              replicasDeleted, byNode.size(), forgotten, garbage.size() - forgotten);
        }
      });
    });
  }

  /** Every node known to hold a garbage block: those its entry names and those the replica map has. */
  private Set<String> holders(GarbageBlock block) {
    Set<String> all = new HashSet<>(block.holders());
    all.addAll(services.replicas().holders(block.id()).keySet());
    return all;
  }

  /** One request per node and chunk, all in parallel; a node that fails is retried next pass. */
  private Future<Void> sendAll(ClusterView view, Map<String, List<String>> byNode, String token,
      Map<String, Set<String>> deleted) {
    List<Future<Void>> all = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : byNode.entrySet()) {
      NodeInfo node = view.node(e.getKey());
      List<String> ids = e.getValue();
      for (int from = 0; from < ids.size(); from += BlockDeleteClient.MAX_IDS_PER_REQUEST) {
        List<String> chunk = ids.subList(from, Math.min(ids.size(), from + BlockDeleteClient.MAX_IDS_PER_REQUEST));
        all.add(deletes.delete(node.address(), chunk, true, token)
            .onSuccess(v -> {
              for (String id : chunk) {
                services.replicas().removeGarbage(id, List.of(node.id()));
                deleted.computeIfAbsent(id, k -> new HashSet<>()).add(node.id());
              }
            })
            .recover(err -> {
              LOG.warn("event=gc_delete_failed node={} blocks={} reason=\"{}\"", node.id(), chunk.size(), err.getMessage());
              return Future.succeededFuture();
            }));
      }
    }
    return Future.join(all).mapEmpty();
  }
}
