package io.dfs.meta.namespace;

import io.dfs.common.error.DfsException;
import io.dfs.common.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The asynchronous face of the {@link Namespace}: opens it in {@link #start()}, closes it in
 * {@link #stop()} (so closing Vert.x releases the RocksDB lock), and runs every call on a named
 * worker pool, never on an event loop. Mutations run on a one-thread pool, so check-then-write
 * sequences (two commits of the same name, a delete racing a commit, expiry) never interleave;
 * reads run in parallel on another pool. Futures complete on the caller's context.
 *
 * <p>With {@code syncWrites}, changes are group-committed ({@link GroupCommit}): each is written
 * without a sync, and its future completes only after a WAL sync that ran on the write thread after
 * it, one sync answering every change applied in the same round. An acknowledged change is
 * durable, as before; what changes is that a read may see a change a moment before it is durable
 * (a crash then loses it, but nobody was told it was kept). A mutation fails BUSY when
 * {@link #MAX_QUEUED_WRITES} changes are under way already.
 */
public final class NamespaceStore extends VerticleBase {
  /** One thread: the order of mutations is the order they were asked for. */
  public static final String WRITE_POOL = "dfs-meta-namespace-write";
  public static final String READ_POOL = "dfs-meta-namespace-read";
  static final int READ_THREADS = 4;

  /** Changes that may wait for or be on the write thread; past it, meta answers BUSY. */
  static final int MAX_QUEUED_WRITES = 10_000;

  private final Path dir;
  private final boolean syncWrites;
  private final Duration reclaimDelay;
  private final ReplicaMap replicas;
  private WorkerExecutor writes;
  private WorkerExecutor reads;
  private GroupCommit commits;
  private volatile Namespace namespace;

  /** {@code replicas}: the map the replicas of dropped files move out of (see {@link Namespace}). */
  public NamespaceStore(Path dir, boolean syncWrites, Duration reclaimDelay, ReplicaMap replicas) {
    this.dir = dir;
    this.syncWrites = syncWrites;
    this.reclaimDelay = reclaimDelay;
    this.replicas = replicas;
  }

  @Override
  public Future<?> start() {
    writes = vertx.createSharedWorkerExecutor(WRITE_POOL, 1);
    reads = vertx.createSharedWorkerExecutor(READ_POOL, READ_THREADS);
    // Published to other threads by the volatile write of namespace, which write() reads first.
    commits = new GroupCommit(writes, syncWrites ? () -> namespace.syncWal() : null, MAX_QUEUED_WRITES);
    return writes.executeBlocking(() -> namespace = Namespace.open(dir, false, reclaimDelay, replicas));
  }

  @Override
  public Future<?> stop() {
    Namespace ns = namespace;
    if (ns == null) {
      return Future.succeededFuture();
    }
    // On the write pool, after every mutation already asked for has been answered.
    return commits.close().compose(v -> writes.executeBlocking(() -> {
      ns.close();
      return null;
    }));
  }

  /** True while the store can serve requests. */
  public boolean isOpen() {
    Namespace ns = namespace;
    return ns != null && ns.isOpen();
  }

  /**
   * A numeric RocksDB property ({@code rocksdb.estimate-num-keys}); empty while the store is closed
   * or if RocksDB does not know it. Reads the engine's in-memory statistics only, so any thread may
   * call it.
   */
  public OptionalLong property(String name) {
    Namespace ns = namespace;
    return ns == null ? OptionalLong.empty() : ns.property(name);
  }

  public Future<Void> createPending(FileRecord file) {
    return write(ns -> {
      ns.createPending(file);
      return null;
    });
  }

  public Future<CommitOutcome> commit(String owner, String fileId, List<BlockCommit> blocks, long now) {
    return write(ns -> ns.commit(owner, fileId, blocks, now));
  }

  public Future<Optional<FileRecord>> delete(String owner, String ref, long now) {
    return write(ns -> ns.delete(owner, ref, now));
  }

  public Future<List<FileRecord>> expirePending(long now, int limit) {
    return write(ns -> ns.expirePending(now, limit));
  }

  public Future<Void> settleGarbage(Map<String, Set<String>> holdersLeft) {
    return write(ns -> {
      ns.settleGarbage(holdersLeft);
      return null;
    });
  }

  public Future<Optional<FileRecord>> fileOfBlock(String blockId) {
    return read(ns -> ns.fileOfBlock(blockId));
  }

  public Future<Optional<FileRecord>> findPending(String fileId) {
    return read(ns -> ns.findPending(fileId));
  }

  public Future<Optional<FileRecord>> find(String owner, String ref) {
    return read(ns -> ns.find(owner, ref));
  }

  /**
   * {@code owner}'s committed files, by name, as {@code render} makes them into an answer on the
   * read pool: a listing can hold thousands of files, too many to render on an event loop.
   */
  public <T> Future<T> list(String owner, Function<List<ListedFile>, T> render) {
    return read(ns -> render.apply(ns.list(owner)));
  }

  public Future<Set<String>> unowned(Collection<String> blockIds, long now) {
    return read(ns -> ns.unowned(blockIds, now));
  }

  public Future<List<GarbageBlock>> garbage(int limit, long now, String after) {
    return read(ns -> ns.garbage(limit, now, after));
  }

  /** Runs {@code action} on a worker thread for every committed file; completes after the scan. */
  public Future<Void> forEachCommitted(Consumer<FileRecord> action) {
    return read(ns -> {
      ns.forEachCommitted(action);
      return null;
    });
  }

  private interface Call<T> {
    T on(Namespace ns);
  }

  private <T> Future<T> write(Call<T> call) {
    Namespace ns = namespace;
    if (ns == null) {
      return Future.failedFuture(new DfsException(ErrorCode.UNAVAILABLE, "the namespace store is not open"));
    }
    return commits.submit(() -> call.on(ns));
  }

  private <T> Future<T> read(Call<T> call) {
    return run(reads, call);
  }

  private <T> Future<T> run(WorkerExecutor pool, Call<T> call) {
    Namespace ns = namespace;
    if (ns == null || pool == null) {
      return Future.failedFuture(new DfsException(ErrorCode.UNAVAILABLE, "the namespace store is not open"));
    }
    Callable<T> task = () -> call.on(ns);
    return pool.executeBlocking(task, pool == writes);
  }
}
