package io.dfs.meta.namespace;

import static org.junit.jupiter.api.Assertions.*;

import io.dfs.common.error.DfsException;
import io.dfs.common.error.ErrorCode;
import io.dfs.common.ids.BlockIds;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class NamespaceTest {
  private static final long NOW = 1_700_000_000_000L;
  private static final long HOUR = 3_600_000L;
  /** Long after every change a test makes: all garbage is due. */
  private static final long LATER = NOW + 100 * HOUR;
  private static final long MINUTE = 60_000L;

  @TempDir
  Path dir;
  private Namespace ns;

  @BeforeEach
  void open() {
    ns = Namespace.open(dir.resolve("db"), true);
  }

  @AfterEach
  void close() {
    ns.close();
  }

  /** A pending file of {@code blocks} blocks of 100 bytes (the last one 50). */
  private static FileRecord pending(String owner, String name, int blocks, long expiresAt) {
    List<BlockRecord> list = new ArrayList<>();
    long size = 0;
    for (int i = 0; i < blocks; i++) {
      long len = i == blocks - 1 ? 50 : 100;
      list.add(new BlockRecord(BlockIds.newId(), i * 100L, len, null));
      size += len;
    }
    return new FileRecord(UUID.randomUUID().toString(), owner, name, size, 100, 3, FileState.PENDING, NOW,
        expiresAt, list);
  }

  private static List<BlockCommit> commitsOf(FileRecord f) {
    List<BlockCommit> out = new ArrayList<>();
    for (int i = 0; i < f.blocks().size(); i++) {
      BlockRecord b = f.blocks().get(i);
      out.add(new BlockCommit(b.id(), b.length(), 0xFFFF_0000L + i));
    }
    return out;
  }

  private FileRecord createAndCommit(String owner, String name, int blocks) {
    FileRecord f = pending(owner, name, blocks, NOW + HOUR);
    ns.createPending(f);
    return ns.commit(owner, f.id(), commitsOf(f), NOW + 1).file();
  }

  private static Set<String> ids(FileRecord f) {
    Set<String> ids = new HashSet<>();
    f.blocks().forEach(b -> ids.add(b.id()));
    return ids;
  }

  /** The ids of the garbage {@link Namespace#garbage} lists. */
  private List<String> due(int limit, long now, String after) {
    return ns.garbage(limit, now, after).stream().map(GarbageBlock::id).toList();
  }

  /** Settles these garbage blocks as held by no node any more. */
  private void forget(Collection<String> blockIds) {
    Map<String, Set<String>> none = new HashMap<>();
    blockIds.forEach(id -> none.put(id, Set.of()));
    ns.settleGarbage(none);
  }

  private static void assertCode(ErrorCode code, Executable e) {
    DfsException ex = assertThrows(DfsException.class, e);
    assertEquals(code, ex.code(), ex.getMessage());
  }

  @Test
  void pendingFilesAreInvisibleUntilCommitted() {
    FileRecord f = pending("alice", "docs/a.txt", 3, NOW + HOUR);
    ns.createPending(f);
    assertEquals(f, ns.findPending(f.id()).orElseThrow());
    assertTrue(ns.find("alice", "docs/a.txt").isEmpty());
    assertTrue(ns.find("alice", f.id()).isEmpty());
    assertTrue(ns.list("alice").isEmpty());
    assertTrue(ns.unowned(ids(f), LATER).isEmpty(), "a pending file's blocks are owned");

    CommitOutcome out = ns.commit("alice", f.id(), commitsOf(f), NOW + 5);
    assertFalse(out.repeated());
    assertNull(out.replaced());
    FileRecord c = out.file();
    assertEquals(FileState.COMMITTED, c.state());
    assertEquals(NOW + 5, c.createdAt());
    assertEquals(0xFFFF_0000L, c.blocks().get(0).crc32c());
    assertEquals(c, ns.find("alice", "docs/a.txt").orElseThrow());
    assertEquals(c, ns.find("alice", f.id()).orElseThrow());
    assertEquals(List.of(new ListedFile(c.id(), "docs/a.txt", 250, 3, NOW + 5)), ns.list("alice"));
    assertTrue(ns.findPending(f.id()).isEmpty());
  }

  @Test
  void commitMustMatchThePlanAndTheOwner() {
    FileRecord f = pending("alice", "a", 2, NOW + HOUR);
    ns.createPending(f);
    List<BlockCommit> good = commitsOf(f);
    assertCode(ErrorCode.NOT_FOUND, () -> ns.commit("bob", f.id(), good, NOW));
    assertCode(ErrorCode.NOT_FOUND, () -> ns.commit("alice", UUID.randomUUID().toString(), good, NOW));
    assertCode(ErrorCode.CONFLICT, () -> ns.commit("alice", f.id(), good.subList(0, 1), NOW));
    List<BlockCommit> wrongId = new ArrayList<>(good);
    wrongId.set(1, new BlockCommit(BlockIds.newId(), good.get(1).length(), 1));
    assertCode(ErrorCode.CONFLICT, () -> ns.commit("alice", f.id(), wrongId, NOW));
    List<BlockCommit> wrongLength = new ArrayList<>(good);
    wrongLength.set(0, new BlockCommit(good.get(0).blockId(), 99, 1));
    assertCode(ErrorCode.CONFLICT, () -> ns.commit("alice", f.id(), wrongLength, NOW));
    assertTrue(ns.findPending(f.id()).isPresent(), "failed commits change nothing");

    FileRecord done = ns.commit("alice", f.id(), good, NOW).file();
    CommitOutcome again = ns.commit("alice", f.id(), good, NOW + 10);
    assertTrue(again.repeated(), "a retried commit with the same blocks succeeds");
    assertEquals(done, again.file());
    List<BlockCommit> otherCrc = new ArrayList<>(good);
    otherCrc.set(0, new BlockCommit(good.get(0).blockId(), good.get(0).length(), 7));
    assertCode(ErrorCode.CONFLICT, () -> ns.commit("alice", f.id(), otherCrc, NOW + 10));
  }

  @Test
  void commitReplacesTheSameNameAtomicallyAndOldBlocksBecomeGarbage() {
    FileRecord old = createAndCommit("alice", "report", 2);
    FileRecord next = pending("alice", "report", 3, NOW + HOUR);
    ns.createPending(next);
    assertEquals(old, ns.find("alice", "report").orElseThrow(), "the old file stays visible until the commit");
    CommitOutcome out = ns.commit("alice", next.id(), commitsOf(next), NOW + 2);
    assertEquals(old.id(), out.replaced().id());
    assertEquals(next.id(), ns.find("alice", "report").orElseThrow().id());
    assertTrue(ns.find("alice", old.id()).isEmpty());
    assertEquals(1, ns.list("alice").size());
    assertEquals(ids(old), new HashSet<>(due(100, LATER, null)));
    assertEquals(ids(old), ns.unowned(ids(old), LATER));
    assertTrue(ns.unowned(ids(next), LATER).isEmpty());
  }

  @Test
  void deleteRemovesTheFileAndMakesItsBlocksGarbage() {
    FileRecord f = createAndCommit("alice", "x/y", 2);
    assertEquals(f, ns.delete("alice", "x/y", NOW + 30).orElseThrow());
    assertTrue(ns.find("alice", "x/y").isEmpty());
    assertTrue(ns.find("alice", f.id()).isEmpty());
    assertTrue(ns.delete("alice", "x/y", NOW + 30).isEmpty());
    assertEquals(ids(f), new HashSet<>(due(100, LATER, null)));
    assertEquals(1, due(1, LATER, null).size(), "the garbage listing is bounded");
    forget(ids(f));
    assertTrue(due(100, LATER, null).isEmpty());
    assertEquals(ids(f), ns.unowned(ids(f), LATER), "blocks of a deleted file stay unowned");

    FileRecord g = createAndCommit("alice", "by-id", 1);
    assertEquals(g, ns.delete("alice", g.id(), NOW + 30).orElseThrow());
  }

  @Test
  void usersOnlySeeTheirOwnFiles() {
    FileRecord a = createAndCommit("alice", "same", 1);
    assertTrue(ns.find("bob", "same").isEmpty());
    assertTrue(ns.find("bob", a.id()).isEmpty());
    assertTrue(ns.list("bob").isEmpty());
    assertTrue(ns.delete("bob", a.id(), NOW + 30).isEmpty());
    assertTrue(ns.delete("bob", "same", NOW + 30).isEmpty());
    FileRecord b = createAndCommit("bob", "same", 1);
    assertEquals(a, ns.find("alice", "same").orElseThrow(), "bob's file of the same name replaces nothing of alice's");
    assertEquals(b, ns.find("bob", "same").orElseThrow());
    assertEquals(List.of(ListedFile.of(a)), ns.list("alice"));
    // "al" + NUL would otherwise be a prefix of alice's keys.
    assertCode(ErrorCode.FORBIDDEN, () -> ns.list("al\0ice"));
    assertTrue(ns.list("al").isEmpty());
  }

  @Test
  void listIsSortedByName() {
    createAndCommit("alice", "b", 1);
    createAndCommit("alice", "a/z", 1);
    createAndCommit("alice", "a", 1);
    createAndCommit("alice", "a z ✓", 1);
    List<String> names = new ArrayList<>();
    ns.list("alice").forEach(f -> names.add(f.name()));
    assertEquals(List.of("a", "a z ✓", "a/z", "b"), names);
  }

  @Test
  void theMemtableIsFlushedLongBeforeItHoldsARunOfReplacedVersions() {
    // Each replacement of the names below writes at least 30 KiB (two versions of a 100-block record);
    // with RocksDB's 64 MiB default the active memtable would hold all of them.
    long written = 0;
    for (int i = 0; written < 3 * Namespace.MEMTABLE_BYTES; i++) {
      createAndCommit("alice", "name-" + i % 10, 100);
      written += 30 * 1024;
    }
    long active = ns.property("rocksdb.cur-size-active-mem-table").orElseThrow();
    assertTrue(active <= Namespace.MEMTABLE_BYTES + Namespace.MEMTABLE_BYTES / 4,
        () -> active + " bytes in the memtable");
    List<String> names = new ArrayList<>();
    ns.list("alice").forEach(f -> names.add(f.name()));
    assertEquals(10, names.size(), names::toString);
  }

  @Test
  void aNameWrittenWithoutItsSummaryIsListedFromItsRecordUntilItsNextCommit() throws Exception {
    FileRecord old = createAndCommit("alice", "old", 2);
    FileRecord fresh = createAndCommit("alice", "fresh", 1);
    ns.close();
    // The name entry as stores wrote it before it carried the listing's summary: the bare id.
    try (org.rocksdb.Options options = new org.rocksdb.Options();
        org.rocksdb.RocksDB db = org.rocksdb.RocksDB.open(options, dir.resolve("db").toString())) {
      db.put("n/alice\0old".getBytes(StandardCharsets.UTF_8), old.id().getBytes(StandardCharsets.UTF_8));
    }
    ns = Namespace.open(dir.resolve("db"), true);
    assertEquals(List.of(ListedFile.of(fresh), ListedFile.of(old)), ns.list("alice"));
    assertEquals(old, ns.find("alice", "old").orElseThrow());

    FileRecord next = pending("alice", "old", 3, NOW + HOUR);
    ns.createPending(next);
    CommitOutcome out = ns.commit("alice", next.id(), commitsOf(next), NOW + 9);
    assertEquals(old.id(), out.replaced().id(), "the bare id still names the file a commit replaces");
    assertEquals(List.of(ListedFile.of(fresh), new ListedFile(next.id(), "old", 250, 3, NOW + 9)), ns.list("alice"));
    assertEquals(next.id(), ns.delete("alice", "old", NOW + 10).orElseThrow().id());
    assertEquals(List.of(ListedFile.of(fresh)), ns.list("alice"));
  }

  @Test
  void aMalformedNameEntryFailsTheListingInsteadOfListingSomethingWrong() throws Exception {
    createAndCommit("alice", "a", 1);
    ns.close();
    try (org.rocksdb.Options options = new org.rocksdb.Options();
        org.rocksdb.RocksDB db = org.rocksdb.RocksDB.open(options, dir.resolve("db").toString())) {
      db.put("n/alice\0a".getBytes(StandardCharsets.UTF_8),
          (UUID.randomUUID() + " 12 x 5").getBytes(StandardCharsets.UTF_8));
    }
    ns = Namespace.open(dir.resolve("db"), true);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> ns.list("alice"));
    assertTrue(e.getMessage().contains("name entry of 'a'"), e.getMessage());
  }

  @Test
  void expiredPendingFilesAreDroppedAndTheirBlocksCollected() {
    FileRecord soon = pending("alice", "soon", 2, NOW + 10);
    FileRecord later = pending("alice", "later", 1, NOW + HOUR);
    ns.createPending(later);
    ns.createPending(soon);
    assertTrue(ns.expirePending(NOW + 9, 10).isEmpty());
    assertCode(ErrorCode.NOT_FOUND, () -> ns.commit("alice", soon.id(), commitsOf(soon), NOW + 10));
    List<FileRecord> expired = ns.expirePending(NOW + 10, 10);
    assertEquals(List.of(soon.id()), expired.stream().map(FileRecord::id).toList());
    assertTrue(ns.findPending(soon.id()).isEmpty());
    assertTrue(ns.findPending(later.id()).isPresent());
    assertEquals(ids(soon), new HashSet<>(due(100, LATER, null)));
    assertTrue(ns.expirePending(NOW + 10, 10).isEmpty());
    // Committing removes the expiry entry: a committed file never expires.
    ns.commit("alice", later.id(), commitsOf(later), NOW + 20);
    assertTrue(ns.expirePending(NOW + 10 * HOUR, 10).isEmpty());
    assertTrue(ns.find("alice", "later").isPresent());
  }

  @Test
  void anExpiryPassFindsEveryFileDueWhateverThePassesBeforeIt() {
    List<FileRecord> batch = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      batch.add(pending("alice", "batch" + i, 1, NOW + 10));
      ns.createPending(batch.get(i));
    }
    // A pass cut short by its limit leaves the rest of the same millisecond to the next one.
    assertEquals(2, ns.expirePending(NOW + 20, 2).size());
    assertEquals(2, ns.expirePending(NOW + 20, 2).size());
    assertEquals(1, ns.expirePending(NOW + 20, 2).size());
    assertTrue(batch.stream().allMatch(f -> ns.findPending(f.id()).isEmpty()));

    assertTrue(ns.expirePending(NOW + HOUR, 10).isEmpty());
    // A file that expires before the last pass's time (a clock stepped back, a short TTL) is
    // still found by the next pass.
    FileRecord early = pending("alice", "early", 1, NOW + 30);
    ns.createPending(early);
    assertEquals(List.of(early.id()), ns.expirePending(NOW + HOUR, 10).stream().map(FileRecord::id).toList());

    // Many expiry keys deleted by commits before a pending one: the pass still reaches it.
    for (int i = 0; i < 50; i++) {
      createAndCommit("alice", "committed" + i, 1);
    }
    FileRecord last = pending("alice", "last", 1, NOW + 2 * HOUR);
    ns.createPending(last);
    assertTrue(ns.expirePending(NOW + 2 * HOUR - 1, 10).isEmpty());
    assertEquals(List.of(last.id()), ns.expirePending(NOW + 2 * HOUR, 10).stream().map(FileRecord::id).toList());
  }

  @Test
  void everythingSurvivesReopening() {
    FileRecord c = createAndCommit("alice", "kept", 2);
    FileRecord p = pending("bob", "pending", 1, NOW + HOUR);
    ns.createPending(p);
    ns.delete("alice", createAndCommit("alice", "gone", 1).id(), NOW + 30);
    ns.close();
    ns = Namespace.open(dir.resolve("db"), true);
    assertEquals(c, ns.find("alice", "kept").orElseThrow());
    assertEquals(p, ns.findPending(p.id()).orElseThrow());
    assertTrue(ns.find("alice", "gone").isEmpty());
    assertEquals(1, due(100, LATER, null).size());
    List<FileRecord> seen = new ArrayList<>();
    ns.forEachCommitted(seen::add);
    assertEquals(List.of(c), seen);
  }

  @Test
  void aDeletedOrReplacedFilesBlocksFallDueOnlyAfterTheReclaimDelay() {
    ns.close();
    ns = Namespace.open(dir.resolve("db"), true, java.time.Duration.ofMinutes(1));
    FileRecord deleted = createAndCommit("alice", "deleted", 2);
    FileRecord replaced = createAndCommit("alice", "replaced", 1);
    ns.delete("alice", "deleted", NOW + 100);
    createAndCommit("alice", "replaced", 1);

    assertTrue(due(100, NOW + 100, null).isEmpty(), "nothing is due during the delay");
    assertTrue(ns.unowned(ids(deleted), NOW + 100 + MINUTE - 1).isEmpty(), "a reporting node keeps them meanwhile");
    assertEquals(ids(replaced), new HashSet<>(due(100, NOW + 1 + MINUTE, null)), "due one delay after the replacing commit");
    Set<String> all = new HashSet<>(ids(deleted));
    all.addAll(ids(replaced));
    assertEquals(all, new HashSet<>(due(100, NOW + 100 + MINUTE, null)), "and the deleted file's one delay after the delete");
    assertEquals(ids(deleted), ns.unowned(ids(deleted), NOW + 100 + MINUTE));
    assertEquals(1, due(1, LATER, null).size(), "the listing stays bounded");

    FileRecord expiring = pending("alice", "never-committed", 1, NOW + 10);
    ns.createPending(expiring);
    ns.expirePending(NOW + 10, 10);
    assertTrue(due(100, NOW + 10, null).containsAll(ids(expiring)), "nobody read a pending file: due at once");

    ns.close();
    ns = Namespace.open(dir.resolve("db"), true, java.time.Duration.ofMinutes(1));
    assertTrue(due(100, NOW + 100, null).containsAll(ids(expiring)), "reclaim times survive a restart");
    assertTrue(due(100, NOW + 100, null).stream().noneMatch(ids(deleted)::contains), "and their delays too");
    forget(ids(deleted));
    assertTrue(due(100, LATER, null).stream().noneMatch(ids(deleted)::contains), "dropped from both indexes");
  }

  @Test
  void aDroppedFilesReplicasMoveFromTheReplicaMapIntoItsGarbage() {
    ns.close();
    ReplicaMap replicas = new ReplicaMap();
    ns = Namespace.open(dir.resolve("db"), true, java.time.Duration.ZERO, replicas);
    FileRecord f = createAndCommit("alice", "moved", 2);
    FileRecord kept = createAndCommit("alice", "kept", 1);
    for (String node : List.of("n1", "n2", "n3")) {
      ids(f).forEach(id -> replicas.add(node, id, new ReplicaMap.Replica(100, 1)));
      ids(kept).forEach(id -> replicas.add(node, id, new ReplicaMap.Replica(100, 1)));
    }
    long lossVersion = replicas.lossVersion();
    ns.delete("alice", "moved", NOW + 30);

    for (String id : ids(f)) {
      assertTrue(replicas.holders(id).isEmpty(), "a garbage block leaves the map");
    }
    assertEquals(3, replicas.holders(ids(kept).iterator().next()).size(), "an owned block stays");
    assertEquals(1, replicas.countOn("n1"));
    assertEquals(lossVersion, replicas.lossVersion(), "no owned block lost a replica");
    Set<GarbageBlock> expected = new HashSet<>();
    ids(f).forEach(id -> expected.add(new GarbageBlock(id, Set.of("n1", "n2", "n3"))));
    assertEquals(expected, new HashSet<>(ns.garbage(100, LATER, null)), "its holders are in its entry");

    ns.close();
    ns = Namespace.open(dir.resolve("db"), true, java.time.Duration.ZERO, new ReplicaMap());
    assertEquals(expected, new HashSet<>(ns.garbage(100, LATER, null)), "and survive a restart");
    String first = ids(f).iterator().next();
    ns.settleGarbage(Map.of(first, Set.of("n3")));
    assertTrue(ns.garbage(100, LATER, null).contains(new GarbageBlock(first, Set.of("n3"))), "holders that deleted it go");
    forget(List.of(first));
    assertEquals(1, due(100, LATER, null).size(), "a block nobody holds is forgotten");
  }

  @Test
  void garbageEntriesOfEveryFormRead() {
    String file = UUID.randomUUID().toString();
    assertEquals(new GarbageEntry(0, file, Set.of()), GarbageEntry.parse(file), "a bare file id: due at once");
    assertEquals(new GarbageEntry(0x1234, file, Set.of()), GarbageEntry.parse("0000000000001234/" + file));
    GarbageEntry held = new GarbageEntry(0x1234, file, Set.of("node-b", "node:a.1"));
    assertEquals("0000000000001234/" + file + "/node-b,node:a.1", held.encode());
    assertEquals(held, GarbageEntry.parse(held.encode()));
    GarbageEntry none = held.withHolders(Set.of());
    assertEquals(none, GarbageEntry.parse(none.encode()));
  }

  @Test
  void theGarbageListingGoesOnAfterTheLastBlockItGave() {
    FileRecord f = createAndCommit("alice", "five", 5);
    ns.delete("alice", "five", NOW + 30);
    List<String> first = due(2, LATER, null);
    List<String> second = due(2, LATER, first.get(1));
    List<String> third = due(2, LATER, second.get(1));
    assertEquals(2, second.size());
    assertEquals(1, third.size(), "the last one");
    Set<String> all = new HashSet<>(first);
    all.addAll(second);
    all.addAll(third);
    assertEquals(ids(f), all, "every block once, none twice");
    assertTrue(due(2, LATER, third.get(0)).isEmpty());
    forget(List.of(first.get(1)));
    assertEquals(first.get(0), due(2, LATER, first.get(1)).get(0), "a dropped cursor starts over");
  }

  @Test
  void garbageWrittenWithoutAReclaimTimeIsDueAtOnce() throws Exception {
    ns.close();
    String blockId = UUID.randomUUID().toString();
    try (org.rocksdb.Options options = new org.rocksdb.Options();
        org.rocksdb.RocksDB db = org.rocksdb.RocksDB.open(options, dir.resolve("db").toString())) {
      db.put(("g/" + blockId).getBytes(StandardCharsets.UTF_8), UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
    }
    ns = Namespace.open(dir.resolve("db"), true, java.time.Duration.ofMinutes(1));
    assertEquals(List.of(blockId), due(100, 0, null));
    assertEquals(Set.of(blockId), ns.unowned(List.of(blockId), 0));
    forget(List.of(blockId));
    assertTrue(due(100, LATER, null).isEmpty());
  }

  @Test
  void aClosedStoreRefusesCallsInsteadOfCrashing() {
    ns.close();
    assertFalse(ns.isOpen());
    assertCode(ErrorCode.UNAVAILABLE, () -> ns.list("alice"));
    assertCode(ErrorCode.UNAVAILABLE, () -> due(1, LATER, null));
    ns.close();
  }
}
