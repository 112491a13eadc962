package io.dfs.meta.repair;

import io.dfs.meta.health.ClusterView;
import io.dfs.meta.health.NodeInfo;
import io.dfs.meta.namespace.BlockRecord;
import io.dfs.meta.namespace.FileRecord;
import io.dfs.meta.namespace.ReplicaMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Consumer;

/**
 * Decides, one committed file at a time, what each block's replicas need against one
 * {@link ClusterView}. A replica is usable when its node is live and it matches the block's length
 * and CRC32C. A block wants {@code min(replication, live nodes)} usable replicas:
 *
 * <ul>
 *   <li>fewer, and at least one: a {@link Copy} from a usable holder to the next nodes clockwise on
 *       the ring that hold no copy and have room;
 *   <li>more: the holders furthest along the ring beyond the factor are {@link Removal}s, so every
 *       block settles at exactly its factor;
 *   <li>a live holder whose copy does not match is a {@link Removal} too: it can never be read.
 * </ul>
 *
 * Blocks with work already under way ({@code busy}) are skipped. Not thread-safe: a namespace scan
 * feeds it from one worker thread, and the results are read after the scan.
 */
final class RepairPlanner implements Consumer<FileRecord> {
  /** A block to copy from {@code source} to {@code targets} (a pipe, in this order). */
  record Copy(String blockId, long length, long crc32c, String source, List<String> targets) {}

  /** A replica to delete from {@code node}. */
  record Removal(String blockId, String node, String why) {}

  private final ClusterView view;
  private final ReplicaMap replicas;
  private final Set<String> busy;
  private final BiPredicate<String, String> avoided;
  private final int maxCopies;
  private final int live;
  private final List<Copy> copies = new ArrayList<>();
  private final List<Removal> removals = new ArrayList<>();
  private final Map<String, Integer> sourceLoad = new HashMap<>();
  private long underReplicated;
  private long missing;

  /**
   * @param busy blocks with a copy queued or in flight
   * @param avoided (block, node) pairs that recently failed a copy, as source or target
   * @param maxCopies most copies one scan plans; the rest wait for the next scan
   */
  RepairPlanner(ClusterView view, ReplicaMap replicas, Set<String> busy, BiPredicate<String, String> avoided,
      int maxCopies) {
    this.view = view;
    this.replicas = replicas;
    this.busy = busy;
    this.avoided = avoided;
    this.maxCopies = maxCopies;
    this.live = view.liveCount();
  }

  @Override
  public void accept(FileRecord file) {
    for (BlockRecord block : file.blocks()) {
      if (!busy.contains(block.id())) {
        plan(block, file.replication());
      }
    }
  }

  private void plan(BlockRecord block, int replication) {
    long crc = block.crc32c() == null ? 0 : block.crc32c();
    Map<String, ReplicaMap.Replica> holders = replicas.holders(block.id());
    Set<String> usable = new HashSet<>();
    for (Map.Entry<String, ReplicaMap.Replica> e : holders.entrySet()) {
      if (!view.isLive(e.getKey())) {
        continue;
      }
      ReplicaMap.Replica r = e.getValue();
      if (r.length() == block.length() && r.crc32c() == crc) {
        usable.add(e.getKey());
      } else {
        removals.add(new Removal(block.id(), e.getKey(), "does not match the committed length and CRC32C"));
      }
    }
    int wanted = Math.min(replication, live);
    if (usable.isEmpty()) {
      missing++;
    } else if (usable.size() < wanted) {
      underReplicated++;
      if (copies.size() < maxCopies) {
        planCopy(block, crc, holders.keySet(), usable, wanted - usable.size());
      }
    } else if (usable.size() > replication) {
      List<String> keep = view.ring().replicas(block.id(), replication, id -> !usable.contains(id));
      for (String node : usable) {
        if (!keep.contains(node)) {
          removals.add(new Removal(block.id(), node, "surplus over a replication of " + replication));
        }
      }
    }
  }

  private void planCopy(BlockRecord block, long crc, Set<String> holders, Set<String> usable, int needed) {
    List<String> targets = view.ring().replicas(block.id(), needed,
        id -> holders.contains(id) || avoided.test(block.id(), id) || hasNoRoom(view.node(id), block.length()));
    if (targets.isEmpty()) {
      return;
    }
    String source = null;
    for (String candidate : usable) {
      boolean better = source == null
          || avoided.test(block.id(), source) && !avoided.test(block.id(), candidate)
          || avoided.test(block.id(), source) == avoided.test(block.id(), candidate)
              && load(candidate) < load(source);
      if (better) {
        source = candidate;
      }
    }
    sourceLoad.merge(source, 1, Integer::sum);
    copies.add(new Copy(block.id(), block.length(), crc, source, List.copyOf(targets)));
  }

  private int load(String node) {
    return sourceLoad.getOrDefault(node, 0);
  }

  private static boolean hasNoRoom(NodeInfo node, long length) {
    return node == null || node.freeBytes() < length;
  }

  List<Copy> copies() {
    return copies;
  }

  List<Removal> removals() {
    return removals;
  }

  long underReplicated() {
    return underReplicated;
  }

  long missing() {
    return missing;
  }
}
