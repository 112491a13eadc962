package io.dfs.meta.namespace;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiPredicate;

/**
 * Where replicas are, as data nodes report them: block id → node id → (length, CRC32C). Kept in
 * memory only and rebuilt from JOIN block reports after meta restarts. A JOIN replaces everything
 * known about that node; block reports add and remove single replicas; acknowledged deletes
 * remove them. Thread-safe; every read returns a copy, except {@link #count}, which scans use.
 *
 * <p>The replicas of a file that is dropped leave the map (see {@link Namespace}), but not while a
 * read that may have seen the file still runs: a lookup that read the file just before a replacing
 * commit, or a scan over a snapshot of the namespace, must still find its replicas. Such a read
 * holds a {@link Read} from {@link #beginRead()} to its end; removals that arrive meanwhile wait
 * until every read begun before them has ended, and no longer.
 */
public final class ReplicaMap {
  /** One stored copy of a block as its node reported it. */
  public record Replica(long length, long crc32c) {}

  private final Map<String, Map<String, Replica>> byBlock = new HashMap<>();
  /** Bumped by every change, so a reader can tell cheaply whether anything moved since it last looked. */
  private long version;
  /** Bumped only by changes that can leave a block short of replicas: removals and JOINs. */
  private long lossVersion;
  private final Map<String, Set<String>> byNode = new HashMap<>();
  /** Counts the removals of dropped files' replicas; a read waits for those it may have seen. */
  private long dropEpoch;
  /** Reads in progress: the drop epoch each began in → how many. */
  private final TreeMap<Long, Integer> reads = new TreeMap<>();
  private final ArrayDeque<DeferredRemoval> deferred = new ArrayDeque<>();

  private record DeferredRemoval(long epoch, Map<String, Set<String>> replicas) {}

  /** A read of files and then of their replicas, in progress until {@link #close()}. */
  public final class Read implements AutoCloseable {
    private final long epoch;
    private boolean closed;

    private Read(long epoch) {
      this.epoch = epoch;
    }

    /** Ends the read; once is enough, and more is harmless. */
    @Override
    public void close() {
      synchronized (ReplicaMap.this) {
        if (!closed) {
          closed = true;
          reads.computeIfPresent(epoch, (k, n) -> n == 1 ? null : n - 1);
          removeDeferred();
        }
      }
    }
  }

  /** Replaces all that is known about {@code nodeId}'s replicas with {@code replicas} (block id → replica). */
  public synchronized void replaceNode(String nodeId, Map<String, Replica> replicas) {
    version++;
    lossVersion++;
    Set<String> old = byNode.remove(nodeId);
    if (old != null) {
      for (String blockId : old) {
        removeFromBlock(blockId, nodeId);
      }
    }
    for (Map.Entry<String, Replica> e : replicas.entrySet()) {
      add(nodeId, e.getKey(), e.getValue());
    }
  }

  public synchronized void add(String nodeId, String blockId, Replica replica) {
    version++;
    byBlock.computeIfAbsent(blockId, k -> new HashMap<>(4)).put(nodeId, replica);
    byNode.computeIfAbsent(nodeId, k -> new HashSet<>()).add(blockId);
  }

  public synchronized void remove(String nodeId, String blockId) {
    version++;
    lossVersion++;
    removeReplica(nodeId, blockId);
  }

  /**
   * Removes replicas of a block no file owns any more. Unlike {@link #remove} it leaves
   * {@link #lossVersion()} alone: losing a garbage replica leaves no block short.
   */
  public synchronized void removeGarbage(String blockId, Collection<String> nodeIds) {
    version++;
    for (String nodeId : nodeIds) {
      removeReplica(nodeId, blockId);
    }
  }

  /** Begins a read that looks up files and then their replicas; close it when it is done. */
  public synchronized Read beginRead() {
    reads.merge(dropEpoch, 1, Integer::sum);
    return new Read(dropEpoch);
  }

  /**
   * Removes these replicas of dropped files' blocks (block id → node ids) with
   * {@link #removeGarbage}, once every read begun before this call has ended.
   */
  public synchronized void removeGarbageAfterReads(Map<String, Set<String>> dropped) {
    deferred.add(new DeferredRemoval(dropEpoch++, dropped));
    removeDeferred();
  }

  /** The nodes known to hold a block, with what each reported; empty if none. */
  public synchronized Map<String, Replica> holders(String blockId) {
    Map<String, Replica> h = byBlock.get(blockId);
    return h == null ? Map.of() : Map.copyOf(h);
  }

  /** How many nodes are known to hold a block; copies nothing. */
  public synchronized int holderCount(String blockId) {
    Map<String, Replica> h = byBlock.get(blockId);
    return h == null ? 0 : h.size();
  }

  /**
   * How many of a block's holders {@code counted} accepts, given each holder's node id and what it
   * reported. Unlike {@link #holders} it copies nothing, as a census asks this of every block;
   * {@code counted} runs under the map's lock, so it must only read.
   */
  public synchronized int count(String blockId, BiPredicate<String, Replica> counted) {
    Map<String, Replica> h = byBlock.get(blockId);
    if (h == null) {
      return 0;
    }
    int n = 0;
    for (Map.Entry<String, Replica> e : h.entrySet()) {
      if (counted.test(e.getKey(), e.getValue())) {
        n++;
      }
    }
    return n;
  }

  /** A number that changes whenever the map does. */
  public synchronized long version() {
    return version;
  }

  /**
   * A number that changes whenever a replica may have been lost (a removal, a JOIN replacing a
   * node's list), but not when one is added: an added replica never leaves a block short.
   */
  public synchronized long lossVersion() {
    return lossVersion;
  }

  /** How many replicas {@code nodeId} is known to hold. */
  public synchronized int countOn(String nodeId) {
    Set<String> blocks = byNode.get(nodeId);
    return blocks == null ? 0 : blocks.size();
  }

  private void removeDeferred() {
    long oldestRead = reads.isEmpty() ? Long.MAX_VALUE : reads.firstKey();
    while (!deferred.isEmpty() && deferred.peek().epoch() < oldestRead) {
      deferred.poll().replicas().forEach(this::removeGarbage);
    }
  }

  private void removeReplica(String nodeId, String blockId) {
    removeFromBlock(blockId, nodeId);
    Set<String> blocks = byNode.get(nodeId);
    if (blocks != null) {
      blocks.remove(blockId);
      if (blocks.isEmpty()) {
        byNode.remove(nodeId);
      }
    }
  }

  private void removeFromBlock(String blockId, String nodeId) {
    Map<String, Replica> h = byBlock.get(blockId);
    if (h != null) {
      h.remove(nodeId);
      if (h.isEmpty()) {
        byBlock.remove(blockId);
      }
    }
  }
}
