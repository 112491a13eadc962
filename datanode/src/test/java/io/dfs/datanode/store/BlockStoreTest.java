package io.dfs.datanode.store;

import static org.junit.jupiter.api.Assertions.*;

import io.dfs.common.error.DfsException;
import io.dfs.common.error.ErrorCode;
import io.dfs.common.ids.BlockIds;
import io.dfs.common.wire.Crc32c;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlockStoreTest {
  @TempDir Path dir;

  private static byte[] bytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** Writes a block the way the write path does: temp file, checksums, commit. */
  private static BlockStore.BlockInfo put(BlockStore store, String id, byte[] data) throws Exception {
    Path tmp = store.newTempFile(id);
    Files.write(tmp, data);
    ChunkedChecksum sum = new ChunkedChecksum(data.length);
    sum.update(Buffer.buffer(data));
    return store.commit(id, tmp, sum.finish());
  }

  private static long count(Path d) throws Exception {
    try (Stream<Path> s = Files.list(d)) {
      return s.count();
    }
  }

  /** The write path's commit: the writer synced and closed the temp file; the store places it. */
  @Test
  void aBlockItsWriterSyncedIsPlacedAndSurvivesReopen() throws Exception {
    BlockStore store = BlockStore.open(dir, true);
    assertTrue(store.syncs());
    assertFalse(BlockStore.open(dir.resolve("unsynced"), false).syncs());
    String id = BlockIds.newId();
    byte[] data = bytes(70_000, 3);
    Path tmp = store.newTempFile(id);
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(data));
      ch.force(false);
    }
    ChunkedChecksum sum = new ChunkedChecksum(data.length);
    sum.update(Buffer.buffer(data));
    BlockStore.BlockInfo info = store.commit(id, tmp, sum.finish());
    assertEquals(new BlockStore.BlockInfo(id, 70_000, Crc32c.of(Buffer.buffer(data))), info);
    assertFalse(Files.exists(tmp), "the temp file was moved, not copied");
    BlockStore reopened = BlockStore.open(dir, true);
    assertEquals(info, reopened.info(id));
    assertArrayEquals(data, Files.readAllBytes(reopened.blockFile(id)));
  }

  @Test
  void commitsIndexesAndSurvivesReopen() throws Exception {
    BlockStore store = BlockStore.open(dir, true);
    String id = BlockIds.newId();
    byte[] data = bytes(200_000, 1);
    BlockStore.BlockInfo info = put(store, id, data);
    assertEquals(new BlockStore.BlockInfo(id, 200_000, Crc32c.of(Buffer.buffer(data))), info);
    assertTrue(store.contains(id));
    assertArrayEquals(data, Files.readAllBytes(store.blockFile(id)));
    assertEquals(dir.resolve("blocks").resolve(id.substring(0, 2)).resolve(id + ".blk"), store.blockFile(id));

    JsonObject sidecar = new JsonObject(Files.readString(store.blockFile(id).resolveSibling(id + ".meta")));
    assertEquals(200_000, sidecar.getLong("length"));
    assertEquals(65_536, sidecar.getInteger("chunkSize"));
    assertEquals(Crc32c.unsigned(info.crc32c()), sidecar.getLong("crc32c"));
    assertEquals(4, sidecar.getJsonArray("chunkCrcs").size());
    assertEquals(Crc32c.unsigned(Crc32c.of(Buffer.buffer(data), 65_536, 131_072)),
        sidecar.getJsonArray("chunkCrcs").getLong(1));
    assertEquals(0, count(dir.resolve("tmp")), "the temp file and sidecar were moved into place");

    BlockStore reopened = BlockStore.open(dir, true);
    assertEquals(info, reopened.info(id));
    assertEquals(List.of(info), reopened.list());
    assertEquals(200_000, reopened.usedBytes());
    assertEquals(4, reopened.readMeta(id).chunkCrcs().length);
  }

  @Test
  void deleteRemovesOnlyWhatIsStored() throws Exception {
    BlockStore store = BlockStore.open(dir, false);
    String id = BlockIds.newId();
    put(store, id, bytes(1234, 2));
    assertEquals(List.of(id), store.delete(List.of(id, BlockIds.newId())));
    assertFalse(Files.exists(store.blockFile(id)));
    assertFalse(Files.exists(store.blockFile(id).resolveSibling(id + ".meta")));
    assertFalse(store.contains(id));
    assertEquals(0, store.usedBytes());
    assertEquals(List.of(), store.delete(List.of(id)));
  }

  @Test
  void openClearsTempFilesAndHalfWrittenBlocks() throws Exception {
    BlockStore store = BlockStore.open(dir, false);
    String good = BlockIds.newId();
    put(store, good, bytes(1000, 3));
    Files.write(store.newTempFile(BlockIds.newId()), bytes(10, 4));
    Files.createDirectories(dir.resolve("tmp").resolve("stray-dir"));

    String sidecarOnly = BlockIds.newId();
    Path orphanMeta = store.blockFile(sidecarOnly).resolveSibling(sidecarOnly + ".meta");
    Files.createDirectories(orphanMeta.getParent());
    Files.writeString(orphanMeta, "{}");

    String dataOnly = BlockIds.newId();
    Files.createDirectories(store.blockFile(dataOnly).getParent());
    Files.write(store.blockFile(dataOnly), bytes(100, 5));

    String unreadable = BlockIds.newId();
    put(store, unreadable, bytes(100, 6));
    Files.writeString(store.blockFile(unreadable).resolveSibling(unreadable + ".meta"), "not json");

    String truncated = BlockIds.newId();
    put(store, truncated, bytes(5000, 7));
    Files.write(store.blockFile(truncated), bytes(100, 8));

    BlockStore reopened = BlockStore.open(dir, false);
    assertEquals(0, count(dir.resolve("tmp")));
    assertFalse(Files.exists(orphanMeta));
    assertEquals(List.of(good), reopened.list().stream().map(BlockStore.BlockInfo::blockId).toList());
    assertEquals(1000, reopened.usedBytes());
    for (String gone : List.of(dataOnly, unreadable, truncated)) {
      assertFalse(Files.exists(reopened.blockFile(gone)), gone);
      assertFalse(Files.exists(reopened.blockFile(gone).resolveSibling(gone + ".meta")), gone);
    }
  }

  @Test
  void refusesNonCanonicalIdsBeforeTouchingTheDisk() throws Exception {
    BlockStore store = BlockStore.open(dir, false);
    String good = BlockIds.newId();
    put(store, good, bytes(10, 9));
    for (String bad : new String[] {"../../etc/passwd", "1-1-1-1-1", BlockIds.newId().toUpperCase(), "/etc/passwd", ""}) {
      assertEquals(ErrorCode.INVALID_BLOCK_ID, assertThrows(DfsException.class, () -> store.blockFile(bad)).code());
      assertThrows(DfsException.class, () -> store.newTempFile(bad));
      assertThrows(DfsException.class, () -> store.info(bad));
      assertThrows(DfsException.class, () -> store.readMeta(bad));
      // One bad id refuses the whole delete: the good one listed before it is still there.
      assertThrows(DfsException.class, () -> store.delete(List.of(good, bad)));
      assertTrue(Files.exists(store.blockFile(good)));
    }
    assertThrows(DfsException.class, () -> store.commit("../x", store.newTempFile(good), new BlockMeta(0, 0, new int[0])));
  }

  @Test
  void secondCommitOfTheSameBlockKeepsTheFirstAndOtherContentConflicts() throws Exception {
    BlockStore store = BlockStore.open(dir, false);
    String id = BlockIds.newId();
    byte[] data = bytes(3000, 10);
    BlockStore.BlockInfo first = put(store, id, data);
    assertEquals(first, put(store, id, data));
    assertEquals(3000, store.usedBytes());

    DfsException e = assertThrows(DfsException.class, () -> put(store, id, bytes(3000, 11)));
    assertEquals(ErrorCode.CONFLICT, e.code());
    assertArrayEquals(data, Files.readAllBytes(store.blockFile(id)));
    assertEquals(0, count(dir.resolve("tmp")), "the refused temp file and its sidecar are gone");
  }

  @Test
  void commitRefusesFilesOutsideItsTempDirectory() throws Exception {
    BlockStore store = BlockStore.open(dir, false);
    Path elsewhere = Files.write(dir.resolve("x.blk"), bytes(10, 12));
    ChunkedChecksum sum = new ChunkedChecksum(10);
    sum.update(Buffer.buffer(bytes(10, 12)));
    assertThrows(IllegalArgumentException.class, () -> store.commit(BlockIds.newId(), elsewhere, sum.finish()));
  }

  @Test
  void nodeIdentityIsCreatedOnceAndValidated() throws Exception {
    assertEquals("datanode-7", NodeIdentity.loadOrCreate(dir, "datanode-7"));
    assertEquals("datanode-7", NodeIdentity.loadOrCreate(dir, "other"), "node.json wins over a later name");
    assertEquals("datanode-7", new JsonObject(Files.readString(dir.resolve("node.json"))).getString("nodeId"));
    assertTrue(NodeIdentity.loadOrCreate(dir.resolve("fresh"), null).matches("dn-[0-9a-f]{8}"));
    for (String bad : new String[] {"../x", "Upper", "-lead", "a b", "x".repeat(65)}) {
      assertThrows(IllegalArgumentException.class, () -> NodeIdentity.loadOrCreate(dir.resolve("bad"), bad), bad);
    }
    assertFalse(Files.exists(dir.resolve("bad").resolve("node.json")));
  }
}
