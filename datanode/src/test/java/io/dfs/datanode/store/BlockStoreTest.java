package io.dfs.datanode.store;

import static org.junit.jupiter.api.Assertions.*;

import io.dfs.common.error.DfsException;
import io.dfs.common.ids.BlockIds;
import io.dfs.common.wire.Crc32c;
import io.vertx.core.buffer.Buffer;
import java.nio.file.Files;
import java.nio.file.Path;
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

  private BlockStore.BlockInfo put(BlockStore store, String id, byte[] data) throws Exception {
    Path tmp = store.newTempFile(id);
    Files.write(tmp, data);
    ChunkedChecksum sum = new ChunkedChecksum(data.length);
    // Feed it in uneven pieces, as frames of any size may arrive.
    for (int at = 0; at < data.length; at += 10_000) {
      sum.update(Buffer.buffer(data).slice(at, Math.min(data.length, at + 10_000)));
    }
    return store.commit(id, tmp, sum.finish());
  }

  @Test
  void commitsIndexesAndSurvivesReopen() throws Exception {
    BlockStore store = BlockStore.open(dir, true);
    String id = BlockIds.newId();
    byte[] data = bytes(200_000, 1);
    BlockStore.BlockInfo info = put(store, id, data);
    assertEquals(200_000, info.length());
    assertEquals(Crc32c.of(Buffer.buffer(data)), info.crc32c());
    assertArrayEquals(data, Files.readAllBytes(store.blockFile(id)));
    assertEquals(id.substring(0, 2), store.blockFile(id).getParent().getFileName().toString());
    BlockMeta meta = store.readMeta(id);
    assertEquals(4, meta.chunkCrcs().length);
    assertEquals(Crc32c.of(Buffer.buffer(data), 65536, 131072), meta.chunkCrcs()[1]);

    BlockStore reopened = BlockStore.open(dir, true);
    assertEquals(info, reopened.info(id));
    assertEquals(200_000, reopened.usedBytes());
    assertEquals(1, reopened.delete(List.of(id, BlockIds.newId())));
    assertFalse(Files.exists(reopened.blockFile(id)));
    assertEquals(0, reopened.usedBytes());
  }

  @Test
  void openClearsTempFilesAndHalfWrittenBlocks() throws Exception {
    BlockStore store = BlockStore.open(dir, false);
    String good = BlockIds.newId();
    put(store, good, bytes(1000, 2));
    Files.write(store.newTempFile(BlockIds.newId()), bytes(10, 3));
    String orphanMeta = BlockIds.newId();
    Path orphan = store.blockFile(orphanMeta).resolveSibling(orphanMeta + ".meta");
    Files.createDirectories(orphan.getParent());
    Files.writeString(orphan, "{}");
    String truncated = BlockIds.newId();
    put(store, truncated, bytes(5000, 4));
    Files.write(store.blockFile(truncated), bytes(100, 5));

    BlockStore reopened = BlockStore.open(dir, false);
    try (Stream<Path> tmp = Files.list(dir.resolve("tmp"))) {
      assertEquals(0, tmp.count());
    }
    assertFalse(Files.exists(orphan));
    assertNotNull(reopened.info(good));
    assertNull(reopened.info(truncated), "a block whose length differs from its sidecar is dropped");
    assertFalse(Files.exists(reopened.blockFile(truncated)));
  }

  @Test
  void refusesNonCanonicalIdsBeforeTouchingTheDisk() throws Exception {
    BlockStore store = BlockStore.open(dir, false);
    for (String bad : new String[] {"../../etc/passwd", "1-1-1-1-1", BlockIds.newId().toUpperCase(), "/etc/passwd", ""}) {
      assertThrows(DfsException.class, () -> store.blockFile(bad));
      assertThrows(DfsException.class, () -> store.newTempFile(bad));
      assertThrows(DfsException.class, () -> store.delete(List.of(bad)));
    }
  }

  @Test
  void secondCommitOfTheSameBlockKeepsTheFirst() throws Exception {
    BlockStore store = BlockStore.open(dir, false);
    String id = BlockIds.newId();
    byte[] data = bytes(3000, 6);
    BlockStore.BlockInfo first = put(store, id, data);
    assertEquals(first, put(store, id, data));
    assertEquals(3000, store.usedBytes());
  }

  @Test
  void nodeIdentityIsCreatedOnce() throws Exception {
    assertEquals("datanode-7", NodeIdentity.loadOrCreate(dir, "datanode-7"));
    assertEquals("datanode-7", NodeIdentity.loadOrCreate(dir, "other"));
    assertTrue(NodeIdentity.loadOrCreate(dir.resolve("fresh"), null).startsWith("dn-"));
    assertThrows(IllegalArgumentException.class, () -> NodeIdentity.loadOrCreate(dir.resolve("bad"), "../x"));
  }
}
