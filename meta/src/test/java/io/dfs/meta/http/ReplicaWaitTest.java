package io.dfs.meta.http;

import static org.junit.jupiter.api.Assertions.*;

import io.dfs.common.error.DfsException;
import io.dfs.common.error.ErrorCode;
import io.dfs.common.ids.BlockIds;
import io.dfs.meta.health.ClusterView;
import io.dfs.meta.health.NodeInfo;
import io.dfs.meta.health.NodeState;
import io.dfs.meta.namespace.BlockCommit;
import io.dfs.meta.namespace.ReplicaMap;
import io.dfs.meta.placement.ReplicaLocator;
import io.dfs.meta.ring.KeyRing;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReplicaWaitTest {
  private static final String ADDED = "test.replicasAdded";
  private static final long AN_HOUR_MS = 3_600_000;
  private static final ReplicaMap.Replica REPLICA = new ReplicaMap.Replica(4096, 7);

  private final Vertx vertx = Vertx.vertx();
  private final Context context = vertx.getOrCreateContext();
  private final ReplicaMap replicas = new ReplicaMap();
  private final ClusterView view = liveNodes("n1", "n2", "n3");
  private final String block = BlockIds.newId();
  private final List<BlockCommit> commit = List.of(new BlockCommit(block, 4096, 7));

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static ClusterView liveNodes(String... ids) {
    KeyRing ring = new KeyRing(64);
    Map<String, NodeInfo> nodes = new HashMap<>();
    for (String id : ids) {
      nodes.put(id, new NodeInfo(id, "127.0.0.1", 7200, 0, 1L << 30, 0, 0, NodeState.LIVE, 0, 0, 0, null));
      ring.add(id);
    }
    return new ClusterView(ring, nodes);
  }

  /** Starts a wait for two replicas of the block on the context, as a commit handler would. */
  private CompletableFuture<Void> awaitTwo(long pollMs, long patienceMs) throws Exception {
    CompletableFuture<Future<Void>> started = new CompletableFuture<>();
    context.runOnContext(v -> started.complete(
        new ReplicaWait(vertx, new ReplicaLocator(replicas), () -> view, ADDED, pollMs, patienceMs)
            .await(commit, 2, node -> true)));
    return started.get(10, TimeUnit.SECONDS).toCompletionStage().toCompletableFuture();
  }

  @Test
  void aReportThatAddsTheMissingReplicaEndsTheWaitWithoutWaitingForThePoll() throws Exception {
    replicas.add("n1", block, REPLICA);
    CompletableFuture<Void> done = awaitTwo(AN_HOUR_MS, AN_HOUR_MS);
    assertFalse(done.isDone(), "one replica of two");

    replicas.add("n2", block, REPLICA);
    vertx.eventBus().publish(ADDED, null);

    // Only the report's wake-up can end it: the next poll is an hour away.
    done.get(10, TimeUnit.SECONDS);
  }

  @Test
  void aReportOfOtherBlocksLeavesTheWaitWaiting() throws Exception {
    replicas.add("n1", block, REPLICA);
    CompletableFuture<Void> done = awaitTwo(AN_HOUR_MS, AN_HOUR_MS);

    replicas.add("n2", BlockIds.newId(), REPLICA);
    vertx.eventBus().publish(ADDED, null);
    CompletableFuture<Void> drained = new CompletableFuture<>();
    context.runOnContext(v -> drained.complete(null));
    drained.get(10, TimeUnit.SECONDS);

    assertFalse(done.isDone());
  }

  @Test
  void replicasThatNeverComeRefuseTheCommitWithConflict() throws Exception {
    replicas.add("n1", block, REPLICA);
    CompletableFuture<Void> done = awaitTwo(10, 200);

    ExecutionException e = assertThrows(ExecutionException.class, () -> done.get(10, TimeUnit.SECONDS));
    DfsException refused = assertInstanceOf(DfsException.class, e.getCause());
    assertEquals(ErrorCode.CONFLICT, refused.code());
    assertTrue(refused.getMessage().contains("has 1 reported replica(s)"), refused.getMessage());
  }

  @Test
  void replicasAlreadyReportedEndTheWaitAtOnce() throws Exception {
    replicas.add("n1", block, REPLICA);
    replicas.add("n3", block, REPLICA);

    awaitTwo(AN_HOUR_MS, AN_HOUR_MS).get(10, TimeUnit.SECONDS);
  }
}
