package io.dfs.meta.namespace;

import io.dfs.common.error.DfsException;
import io.dfs.common.error.ErrorCode;
import io.dfs.common.fault.FaultPoint;
import io.dfs.common.ids.BlockIds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The per-user flat namespace in RocksDB. Keys (UTF-8):
 *
 * <pre>
 *   n/&lt;owner&gt;\0&lt;name&gt;          → {@link NameEntry}: fileId of the owner's committed file with that name, and what a listing shows of it
 *   f/&lt;fileId&gt;                   → {@link FileRecord} JSON, pending or committed
 *   b/&lt;blockId&gt;                  → fileId, for every block of every pending and committed file
 *   g/&lt;blockId&gt;                  → {@link GarbageEntry}: reclaim time, fileId it came from, nodes holding it
 *   t/&lt;reclaimAt hex16&gt;/&lt;blockId&gt; → empty; garbage in the order it falls due
 *   p/&lt;expiresAt hex16&gt;/&lt;fileId&gt;  → empty; pending files in expiry order
 * </pre>
 *
 * Every change that touches several keys is one {@link WriteBatch}, written with the WAL synced
 * when {@code syncWrites} is set, before the method returns: a caller that acknowledges after
 * the return never loses an acknowledged change.
 *
 * <p>A dropped file's replicas move from the {@link ReplicaMap} into its blocks' garbage entries, in
 * the batch that drops it: the map, which lives on the heap, then holds the replicas of owned blocks
 * only, however many files were replaced or deleted within the reclaim delay. The holders need not
 * survive a restart (every node's JOIN reports all it holds again); they are kept in the store
 * because it is off the heap and the batch writes the entry anyway.
 *
 * <p>All methods block on disk. Reads may run on any number of threads; methods that check and
 * then write (commit, delete, expiry) must be called from one thread at a time, which is how
 * {@link NamespaceStore} calls them. After {@link #close()} every method fails with UNAVAILABLE
 * instead of touching the closed database.
 */
public final class Namespace implements AutoCloseable {
  private static final String NAMES = "n/";
  private static final String FILES = "f/";
  private static final String BLOCKS = "b/";
  /** Garbage block id → {@link GarbageEntry}. */
  private static final String GARBAGE = "g/";
  /** Reclaim time (16 hex digits) / garbage block id: garbage in the order it falls due. */
  private static final String RECLAIM = "t/";
  private static final String EXPIRY = "p/";
  /**
   * RocksDB's default is 64 MiB. A memtable keeps every version of a key written since its last
   * flush, and a listing steps over each of them: under {@code make load}, where most puts replace
   * a file, that stepping was 6 % of the machine's CPU. A flush keeps only the newest version.
   */
  static final long MEMTABLE_BYTES = 8L * 1024 * 1024;

  private final Options options;
  private final WriteOptions writeOptions;
  private final RocksDB db;
  private final long reclaimDelayMs;
  private final ReplicaMap replicas;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private boolean closed;
  /**
   * No pending file expires before this (epoch ms): every expiry key below it was deleted, by its
   * commit or by an expiry pass. A pass seeks here rather than to the start of {@code p/}: the keys
   * below are tombstones, one for every file created since the last compaction, and RocksDB steps
   * over them one by one; under {@code make load}, with a pass after every delete, that stepping
   * was 6 % of the machine's CPU. Only the writer (creates and expiry passes) touches it.
   */
  private long expiryFloor;

  private Namespace(Options options, WriteOptions writeOptions, RocksDB db, long reclaimDelayMs, ReplicaMap replicas) {
    this.options = options;
    this.writeOptions = writeOptions;
    this.db = db;
    this.reclaimDelayMs = reclaimDelayMs;
    this.replicas = replicas;
  }

  /** Opens (creating if needed) the store in {@code dir}; garbage falls due at once. */
  public static Namespace open(Path dir, boolean syncWrites) {
    return open(dir, syncWrites, Duration.ZERO);
  }

  /**
   * Opens (creating if needed) the store in {@code dir}. The blocks of a deleted or replaced file
   * fall due for deletion {@code reclaimDelay} after it; those of an expired pending file, which
   * nobody could read, at once.
   */
  public static Namespace open(Path dir, boolean syncWrites, Duration reclaimDelay) {
    return open(dir, syncWrites, reclaimDelay, new ReplicaMap());
  }

  /**
   * Opens (creating if needed) the store in {@code dir}, moving the replicas of the files it drops
   * out of {@code replicas}.
   */
  public static Namespace open(Path dir, boolean syncWrites, Duration reclaimDelay, ReplicaMap replicas) {
    RocksDB.loadLibrary();
    Options options = new Options().setCreateIfMissing(true).setWriteBufferSize(MEMTABLE_BYTES);
    WriteOptions writeOptions = new WriteOptions().setSync(syncWrites);
    try {
      Files.createDirectories(dir);
      Namespace ns = new Namespace(options, writeOptions, RocksDB.open(options, dir.toString()),
          reclaimDelay.toMillis(), replicas);
      ns.indexUntimedGarbage();
      return ns;
    } catch (IOException | RocksDBException e) {
      writeOptions.close();
      options.close();
      throw new IllegalStateException("cannot open the namespace store in " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Makes every change written so far durable: the group commit of {@link NamespaceStore}, which
   * writes without a sync and syncs the WAL once for all the changes that queued up meanwhile.
   */
  public void syncWal() {
    guarded(() -> {
      db.syncWal();
      return null;
    });
  }

  /** A numeric RocksDB property; empty once closed or if RocksDB does not know it. */
  public OptionalLong property(String name) {
    lock.readLock().lock();
    try {
      return closed ? OptionalLong.empty() : OptionalLong.of(db.getLongProperty(name));
    } catch (RocksDBException e) {
      return OptionalLong.empty();
    } finally {
      lock.readLock().unlock();
    }
  }

  public boolean isOpen() {
    lock.readLock().lock();
    try {
      return !closed;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Stores a new pending file with its blocks and its expiry entry. */
  public void createPending(FileRecord file) {
    if (!file.pending()) {
      throw new IllegalArgumentException("only a pending file can be created");
    }
    requireOwner(file.owner());
    guarded(() -> {
      try (WriteBatch batch = new WriteBatch()) {
        batch.put(key(FILES, file.id()), FileRecordCodec.encode(file));
        batch.put(expiryKey(file), new byte[0]);
        for (BlockRecord b : file.blocks()) {
          batch.put(key(BLOCKS, b.id()), utf8(file.id()));
        }
        db.write(writeOptions, batch);
      }
      expiryFloor = Math.min(expiryFloor, Math.max(0, file.expiresAt()));
      return null;
    });
  }

  /**
   * Makes {@code owner}'s pending file visible with the given block checksums, replacing the
   * owner's file of the same name in the same batch (its blocks become garbage). A repeated
   * commit of an already committed file with the same blocks succeeds without writing.
   *
   * @throws DfsException NOT_FOUND for a file that is unknown, another user's, or expired;
   *     CONFLICT when the blocks differ from the plan or the file was committed with others
   */
  public CommitOutcome commit(String owner, String fileId, List<BlockCommit> commits, long now) {
    return guarded(() -> {
      FileRecord file = readFile(fileId);
      if (file == null || !file.owner().equals(owner)) {
        throw DfsException.notFound("no pending file " + fileId);
      }
      if (!file.pending()) {
        if (file.sameBlocks(commits)) {
          return new CommitOutcome(file, null, true);
        }
        throw new DfsException(ErrorCode.CONFLICT, "file " + fileId + " is already committed with other blocks");
      }
      if (file.expiresAt() <= now) {
        throw DfsException.notFound("pending file " + fileId + " has expired");
      }
      file.checkCommit(commits);
      FileRecord done = file.committed(commits, now);
      byte[] nameKey = nameKey(owner, file.name());
      FileRecord replaced = null;
      Map<String, Set<String>> moved = new HashMap<>();
      try (WriteBatch batch = new WriteBatch()) {
        byte[] oldEntry = db.get(nameKey);
        if (oldEntry != null) {
          replaced = readFile(NameEntry.fileId(oldEntry));
          if (replaced != null) {
            dropFile(batch, replaced, now + reclaimDelayMs, moved);
          }
        }
        batch.put(nameKey, NameEntry.encode(done));
        batch.put(key(FILES, done.id()), FileRecordCodec.encode(done));
        batch.delete(expiryKey(file));
        FaultPoint.hit("meta.commit.beforeLog");
        db.write(writeOptions, batch);
        FaultPoint.hit("meta.commit.afterLog");
      }
      forgetMoved(moved);
      return new CommitOutcome(done, replaced, false);
    });
  }

  /** The file, pending or committed, that a block belongs to; empty for a block no file owns. */
  public Optional<FileRecord> fileOfBlock(String blockId) {
    return guarded(() -> {
      byte[] fileId = db.get(key(BLOCKS, blockId));
      return fileId == null ? Optional.empty() : Optional.ofNullable(readFile(str(fileId)));
    });
  }

  /** A pending file by id, whoever owns it. */
  public Optional<FileRecord> findPending(String fileId) {
    return guarded(() -> {
      FileRecord f = readFile(fileId);
      return f != null && f.pending() ? Optional.of(f) : Optional.empty();
    });
  }

  /**
   * {@code owner}'s committed file by id (a canonical UUID) or else by name; empty for a file of
   * another user exactly as for a missing one.
   */
  public Optional<FileRecord> find(String owner, String ref) {
    requireOwner(owner);
    return guarded(() -> Optional.ofNullable(findCommitted(owner, ref)));
  }

  /** {@code owner}'s committed files, by name. */
  public List<ListedFile> list(String owner) {
    requireOwner(owner);
    return guarded(() -> {
      List<ListedFile> files = new ArrayList<>();
      byte[] prefix = utf8(NAMES + owner + "\0");
      try (RocksIterator it = db.newIterator()) {
        for (it.seek(prefix); it.isValid() && startsWith(it.key(), prefix); it.next()) {
          byte[] key = it.key();
          String name = new String(key, prefix.length, key.length - prefix.length, StandardCharsets.UTF_8);
          byte[] entry = it.value();
          ListedFile listed = NameEntry.summary(name, entry);
          if (listed == null) {
            FileRecord f = readFile(NameEntry.fileId(entry));
            listed = f == null ? null : ListedFile.of(f);
          }
          if (listed != null) {
            files.add(listed);
          }
        }
      }
      return files;
    });
  }

  /**
   * Removes {@code owner}'s committed file at {@code now}; its blocks become garbage, due after the
   * reclaim delay. Empty if there is none.
   */
  public Optional<FileRecord> delete(String owner, String ref, long now) {
    requireOwner(owner);
    return guarded(() -> {
      FileRecord file = findCommitted(owner, ref);
      if (file == null) {
        return Optional.empty();
      }
      Map<String, Set<String>> moved = new HashMap<>();
      try (WriteBatch batch = new WriteBatch()) {
        dropFile(batch, file, now + reclaimDelayMs, moved);
        db.write(writeOptions, batch);
      }
      forgetMoved(moved);
      return Optional.of(file);
    });
  }

  /**
   * Of these block ids, those no pending or committed file owns and no reader may still need at
   * {@code now}: the replicas a data node should remove. Garbage not yet due is kept.
   */
  public Set<String> unowned(Collection<String> blockIds, long now) {
    return guarded(() -> {
      Set<String> out = new HashSet<>();
      for (String id : blockIds) {
        if (db.get(key(BLOCKS, id)) == null) {
          byte[] garbage = db.get(key(GARBAGE, id));
          if (garbage == null || entry(garbage).reclaimAt() <= now) {
            out.add(id);
          }
        }
      }
      return out;
    });
  }

  /**
   * Up to {@code limit} garbage blocks due at {@code now}, the longest due first, starting after
   * the block {@code after} (null: from the first). A caller that walks on from the last id it got
   * reaches every due block in turn, even when those first in line cannot be deleted yet.
   */
  public List<GarbageBlock> garbage(int limit, long now, String after) {
    return guarded(() -> {
      List<GarbageBlock> out = new ArrayList<>();
      byte[] prefix = utf8(RECLAIM);
      byte[] afterValue = after == null ? null : db.get(key(GARBAGE, after));
      byte[] start = afterValue == null ? prefix : reclaimKey(entry(afterValue).reclaimAt(), after);
      // The bound ends the walk at the last key due; without it the iterator would step on over
      // deleted keys until it met a live one not yet due.
      try (Slice end = new Slice(utf8(RECLAIM + time(now + 1)));
          ReadOptions dueByNow = new ReadOptions().setIterateUpperBound(end);
          RocksIterator it = db.newIterator(dueByNow)) {
        it.seek(start);
        if (afterValue != null && it.isValid() && Arrays.equals(it.key(), start)) {
          it.next();
        }
        for (; it.isValid() && out.size() < limit; it.next()) {
          String k = str(it.key());
          String id = k.substring(RECLAIM.length() + 17);
          byte[] value = db.get(key(GARBAGE, id));
          out.add(new GarbageBlock(id, value == null ? Set.of() : entry(value).holders()));
        }
      }
      return out;
    });
  }

  /**
   * Records which nodes are still known to hold each of these garbage blocks (block id → node ids);
   * a block with none left is forgotten.
   */
  public void settleGarbage(Map<String, Set<String>> holdersLeft) {
    if (holdersLeft.isEmpty()) {
      return;
    }
    guarded(() -> {
      try (WriteBatch batch = new WriteBatch()) {
        for (Map.Entry<String, Set<String>> e : holdersLeft.entrySet()) {
          byte[] value = db.get(key(GARBAGE, e.getKey()));
          if (value == null) {
            continue;
          }
          GarbageEntry entry = entry(value);
          if (e.getValue().isEmpty()) {
            batch.delete(key(GARBAGE, e.getKey()));
            batch.delete(reclaimKey(entry.reclaimAt(), e.getKey()));
          } else {
            batch.put(key(GARBAGE, e.getKey()), utf8(entry.withHolders(e.getValue()).encode()));
          }
        }
        db.write(writeOptions, batch);
      }
      return null;
    });
  }

  /**
   * Drops up to {@code limit} pending files whose expiry is at or before {@code now}; their blocks
   * become garbage. Returns the dropped files.
   */
  public List<FileRecord> expirePending(long now, int limit) {
    return guarded(() -> {
      List<byte[]> keys = new ArrayList<>();
      List<String> ids = new ArrayList<>();
      long lastExpiry = now;
      try (Slice end = new Slice(utf8(EXPIRY + time(now + 1)));
          ReadOptions upToNow = new ReadOptions().setIterateUpperBound(end);
          RocksIterator it = db.newIterator(upToNow)) {
        for (it.seek(utf8(EXPIRY + time(expiryFloor))); it.isValid() && ids.size() < limit; it.next()) {
          String k = str(it.key());
          lastExpiry = time(k, EXPIRY.length());
          keys.add(it.key());
          ids.add(k.substring(EXPIRY.length() + 17));
        }
      }
      // A pass cut short by the limit leaves the rest of its last millisecond for the next.
      expiryFloor = ids.size() < limit ? now : lastExpiry;
      List<FileRecord> expired = new ArrayList<>();
      if (keys.isEmpty()) {
        return expired;
      }
      Map<String, Set<String>> moved = new HashMap<>();
      try (WriteBatch batch = new WriteBatch()) {
        for (int i = 0; i < keys.size(); i++) {
          batch.delete(keys.get(i));
          FileRecord f = readFile(ids.get(i));
          if (f != null && f.pending()) {
            dropFile(batch, f, now, moved);
            expired.add(f);
          }
        }
        db.write(writeOptions, batch);
      }
      forgetMoved(moved);
      return expired;
    });
  }

  /**
   * Calls {@code action} for every committed file (a full scan; for cluster statistics). The scan
   * reads a snapshot, so files dropped during it keep their replicas in the map until it ends.
   */
  public void forEachCommitted(Consumer<FileRecord> action) {
    guarded(() -> {
      byte[] prefix = utf8(FILES);
      try (ReplicaMap.Read read = replicas.beginRead(); RocksIterator it = db.newIterator()) {
        for (it.seek(prefix); it.isValid() && startsWith(it.key(), prefix); it.next()) {
          FileRecord f = FileRecordCodec.decode(it.value());
          if (!f.pending()) {
            action.accept(f);
          }
        }
      }
      return null;
    });
  }

  /** Closes the database; waits for calls in progress. Later calls fail with UNAVAILABLE. */
  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      if (!closed) {
        closed = true;
        db.close();
        writeOptions.close();
        options.close();
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * Removes a file's record, name (if it is the one named) and block ownership; its blocks become
   * garbage, due at {@code reclaimAt}, with the nodes the replica map has for them, which are added
   * to {@code moved} (block id → node ids) for {@link #forgetMoved} once the batch is written.
   */
  private void dropFile(WriteBatch batch, FileRecord file, long reclaimAt, Map<String, Set<String>> moved)
      throws RocksDBException {
    batch.delete(key(FILES, file.id()));
    if (file.pending()) {
      batch.delete(expiryKey(file));
    } else {
      byte[] nameKey = nameKey(file.owner(), file.name());
      byte[] named = db.get(nameKey);
      if (named != null && NameEntry.fileId(named).equals(file.id())) {
        batch.delete(nameKey);
      }
    }
    for (BlockRecord b : file.blocks()) {
      Set<String> holders = replicas.holders(b.id()).keySet();
      batch.delete(key(BLOCKS, b.id()));
      batch.put(key(GARBAGE, b.id()), utf8(new GarbageEntry(reclaimAt, file.id(), holders).encode()));
      batch.put(reclaimKey(reclaimAt, b.id()), new byte[0]);
      moved.put(b.id(), holders);
    }
  }

  /**
   * Takes replicas written into garbage entries out of the replica map, once the reads that may
   * have seen their files are over. Only those written: one a node reported in the meantime stays
   * in the map, where the reclaimer finds it too.
   */
  private void forgetMoved(Map<String, Set<String>> moved) {
    if (!moved.isEmpty()) {
      replicas.removeGarbageAfterReads(moved);
    }
  }

  /**
   * Garbage written before reclaim times existed holds just the file id: it is given time 0, due
   * at once, as it was when it was written.
   */
  private void indexUntimedGarbage() throws RocksDBException {
    byte[] prefix = utf8(GARBAGE);
    try (WriteBatch batch = new WriteBatch(); RocksIterator it = db.newIterator()) {
      for (it.seek(prefix); it.isValid() && startsWith(it.key(), prefix); it.next()) {
        String value = str(it.value());
        if (!GarbageEntry.timed(value)) {
          String id = str(it.key()).substring(GARBAGE.length());
          batch.put(it.key(), utf8(GarbageEntry.parse(value).encode()));
          batch.put(reclaimKey(0, id), new byte[0]);
        }
      }
      if (batch.count() > 0) {
        db.write(writeOptions, batch);
      }
    }
  }

  private static GarbageEntry entry(byte[] garbageValue) {
    return GarbageEntry.parse(str(garbageValue));
  }

  private static byte[] reclaimKey(long reclaimAt, String blockId) {
    return utf8(RECLAIM + time(reclaimAt) + "/" + blockId);
  }

  private FileRecord findCommitted(String owner, String ref) throws RocksDBException {
    String id = ref;
    if (!BlockIds.isCanonical(ref)) {
      byte[] named = db.get(nameKey(owner, ref));
      if (named == null) {
        return null;
      }
      id = NameEntry.fileId(named);
    }
    FileRecord f = readFile(id);
    return f != null && !f.pending() && f.owner().equals(owner) ? f : null;
  }

  private FileRecord readFile(String id) throws RocksDBException {
    byte[] v = db.get(key(FILES, id));
    return v == null ? null : FileRecordCodec.decode(v);
  }

  private interface Work<T> {
    T run() throws RocksDBException;
  }

  private <T> T guarded(Work<T> work) {
    lock.readLock().lock();
    try {
      if (closed) {
        throw new DfsException(ErrorCode.UNAVAILABLE, "the namespace store is closed");
      }
      return work.run();
    } catch (RocksDBException e) {
      throw new DfsException(ErrorCode.INTERNAL, "namespace store failure", e);
    } finally {
      lock.readLock().unlock();
    }
  }

  private static void requireOwner(String owner) {
    // The owner ends at the first NUL of a name key; a NUL inside it would let one user's
    // prefix cover another's.
    if (owner == null || owner.isEmpty() || owner.indexOf('\0') >= 0) {
      throw DfsException.forbidden("this token's subject cannot own files");
    }
  }

  private static byte[] nameKey(String owner, String name) {
    return utf8(NAMES + owner + "\0" + name);
  }

  private static byte[] expiryKey(FileRecord file) {
    return utf8(EXPIRY + time(file.expiresAt()) + "/" + file.id());
  }

  /** A time as 16 hex digits, so that keys holding times sort by them. */
  static String time(long millis) {
    return String.format("%016x", millis);
  }

  /** The time {@link #time(long)} wrote into {@code text} at {@code at}. */
  static long time(String text, int at) {
    return Long.parseUnsignedLong(text.substring(at, at + 16), 16);
  }

  private static byte[] key(String prefix, String id) {
    return utf8(prefix + id);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String str(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  private static boolean startsWith(byte[] key, byte[] prefix) {
    if (key.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (key[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
