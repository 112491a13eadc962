package io.dfs.bench.load;

import io.dfs.bench.client.ClientStack;
import io.dfs.bench.cluster.BenchCluster;
import io.dfs.cli.client.BlockGet;
import io.dfs.cli.client.FileInfo;
import io.dfs.cli.client.FileSummary;
import io.dfs.cli.client.NodeAddress;
import io.dfs.common.error.DfsException;
import io.dfs.common.error.ErrorCode;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Whether every block of every file in the namespace is where it should be: on exactly
 * {@code replication} live nodes as meta lists them, as a block file in exactly that many data
 * directories (so a surplus copy left by a node that came back counts against it), and readable
 * from each of those nodes with the CRC32C meta recorded.
 */
final class ReplicaAudit {
  private static final long POLL_MS = 1_000;

  private final BenchCluster cluster;
  private final ClientStack client;
  private final int replication;
  private final int threads;

  ReplicaAudit(BenchCluster cluster, ClientStack client, int replication, int threads) {
    this.cluster = cluster;
    this.client = client;
    this.replication = replication;
    this.threads = threads;
  }

  /** The last thing found out of place, or empty once everything is in place. */
  record Pass(Optional<String> problem, long files, long blocks) {}

  /**
   * Looks until everything is in place or {@code bound} has passed; returns the last look, whose
   * problem names what was still out of place.
   */
  Pass awaitInPlace(Duration bound) {
    long deadline = System.nanoTime() + bound.toNanos();
    while (true) {
      Pass pass = look();
      if (pass.problem().isEmpty() || System.nanoTime() > deadline) {
        return pass;
      }
      BenchCluster.sleep(POLL_MS);
    }
  }

  /** One look at meta's view and the data directories. */
  Pass look() {
    try {
      JsonObject state = cluster.clusterState();
      for (Object o : state.getJsonArray("nodes")) {
        JsonObject node = (JsonObject) o;
        if (!"live".equals(node.getString("state"))) {
          return problem(node.getString("id") + " is " + node.getString("state"));
        }
      }
      if (state.getJsonArray("nodes").size() != cluster.dataNodes().size()) {
        return problem("meta knows " + state.getJsonArray("nodes").size() + " of " + cluster.dataNodes().size()
            + " data nodes");
      }
      long under = state.getLong("underReplicatedBlocks");
      long missing = state.getLong("missingBlocks");
      if (under != 0 || missing != 0) {
        return problem("meta counts " + under + " blocks under-replicated and " + missing + " missing");
      }
      List<FileSummary> files = client.meta().list().await();
      AtomicReference<String> problem = new AtomicReference<>();
      LongAdder blocks = new LongAdder();
      Parallel.forEach("audit", files, threads, summary -> {
        if (problem.get() != null) {
          return;
        }
        for (FileInfo.FileBlock b : blocksOf(summary, why -> problem.compareAndSet(null, why))) {
          blocks.increment();
          Set<String> nodes = new HashSet<>();
          b.replicas().forEach(r -> nodes.add(r.node()));
          int onDisk = blockFilesOnDisk(b.id());
          if (nodes.size() != replication || onDisk != replication) {
            problem.compareAndSet(null, "block " + b.id() + " of " + summary.name() + " is listed on " + nodes.size()
                + " nodes and on disk " + onDisk + " times");
          }
        }
      });
      return new Pass(Optional.ofNullable(problem.get()), files.size(), blocks.sum());
    } catch (RuntimeException e) {
      return problem("cannot look: " + e.getMessage());
    }
  }

  /**
   * The replicas meta listed, how many read back whole and right from their own node, how many
   * reads (or lookups) failed, and the first few failures.
   */
  record Verification(long replicas, long verified, long failed, List<String> samples) {}

  /** Reads every replica of every block from the node that holds it, whole, checking its CRC32C. */
  Verification verifyEveryReplica() {
    List<FileSummary> files = client.meta().list().await();
    LongAdder replicas = new LongAdder();
    LongAdder verified = new LongAdder();
    LongAdder failed = new LongAdder();
    Samples samples = new Samples();
    Parallel.forEach("verify", files, threads, summary -> {
      for (FileInfo.FileBlock b : blocksOf(summary, why -> {
        failed.increment();
        samples.add(why);
      })) {
        for (NodeAddress node : b.replicas()) {
          replicas.increment();
          try {
            client.blocks().getBlock(node, BlockGet.whole(b), new DiscardingSink()).await();
            verified.increment();
          } catch (RuntimeException e) {
            failed.increment();
            samples.add("block " + b.id() + " of " + summary.name() + " on " + node.node() + ": " + e.getMessage());
          }
        }
      }
    });
    return new Verification(replicas.sum(), verified.sum(), failed.sum(), samples.lines());
  }

  /**
   * The file's blocks as meta lists them now: none if it was deleted since the listing, or if it
   * cannot be looked up, which {@code failure} is told.
   */
  private List<FileInfo.FileBlock> blocksOf(FileSummary summary, Consumer<String> failure) {
    try {
      return client.meta().lookup(summary.id()).await().blocks();
    } catch (DfsException e) {
      if (e.code() != ErrorCode.NOT_FOUND) {
        failure.accept("cannot look up " + summary.name() + ": " + e.getMessage());
      }
    } catch (RuntimeException e) {
      failure.accept("cannot look up " + summary.name() + ": " + e.getMessage());
    }
    return List.of();
  }

  private int blockFilesOnDisk(String blockId) {
    int n = 0;
    for (String node : cluster.dataNodes()) {
      if (Files.exists(cluster.blockFile(node, blockId))) {
        n++;
      }
    }
    return n;
  }

  private static Pass problem(String what) {
    return new Pass(Optional.of(what), 0, 0);
  }
}
