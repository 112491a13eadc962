package io.dfs.cli.client;

import static org.junit.jupiter.api.Assertions.*;

import io.dfs.cli.testsupport.StubMetaServer;
import io.dfs.cli.testsupport.TestBlockServer;
import io.dfs.cli.testsupport.TestFiles;
import io.dfs.common.config.ClientConfig;
import io.dfs.common.http.JsonHttpClient;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uploads against a stand-in meta and data nodes, then reads the files back. */
class FileUploaderTest {
  private static final int BLOCK = 64 * 1024;

  @TempDir Path dir;
  private Vertx vertx;
  private final Map<String, Buffer> disk = new ConcurrentHashMap<>();
  private TestBlockServer node1;
  private TestBlockServer node2;
  private TestBlockServer node3;
  private StubMetaServer metaServer;
  private MetaClient meta;
  private BlockClient blocks;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    node1 = TestBlockServer.start(vertx, "node-1", disk);
    node2 = TestBlockServer.start(vertx, "node-2", disk);
    node3 = TestBlockServer.start(vertx, "node-3", disk);
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  private void cluster(List<NodeAddress> nodes) {
    metaServer = StubMetaServer.start(vertx, nodes, BLOCK, disk);
    meta = new MetaClient(vertx, new JsonHttpClient(vertx), metaServer.url(), "token-of-alice");
    blocks = new BlockClient(vertx, new ClientConfig(null, null, null, Duration.ofSeconds(2), Duration.ofSeconds(5), null),
        "token-of-alice");
  }

  @Test
  void uploadsEveryBlockToItsPrimaryWithThePipelineAndCommits() throws Exception {
    cluster(List.of(node1.address(), node2.address(), node3.address()));
    byte[] content = TestFiles.bytes(5 * BLOCK + 1, 1);
    Path local = TestFiles.write(dir, "in.bin", content.length, 1);
    long[] progress = {0};

    FileInfo committed = new FileUploader(vertx, meta, blocks, 8).put(local, "dir/in.bin", new TransferListener() {
      @Override
      public void advanced(long bytes) {
        progress[0] += bytes;
      }
    }).await();

    FileInfo file = meta.lookup("dir/in.bin").await();
    assertEquals(committed.id(), file.id());
    assertEquals("dir/in.bin", committed.name());
    assertEquals(file.blocks().stream().map(FileInfo.FileBlock::id).toList(),
        committed.blocks().stream().map(FileInfo.FileBlock::id).toList(), "put answers with the committed file");
    assertEquals(6, file.blocks().size());
    assertEquals(content.length, progress[0]);
    JsonObject first = node1.putHeaders().stream()
        .filter(h -> h.getString("blockId").equals(file.blocks().get(0).id())).findFirst().orElseThrow();
    assertEquals(new JsonArray().add(node2.address().toJson()).add(node3.address().toJson()),
        first.getJsonArray("pipeline"), "the pipeline lists the plan's nodes after the primary, in order");
    assertEquals(file.blocks().get(0).crc32c(), first.getLong("crc32c"));

    ByteArrayOutputStream back = new ByteArrayOutputStream();
    new FileDownloader(vertx, meta, blocks, 8).get(committed.id(), back, TransferListener.NONE).await();
    assertArrayEquals(content, back.toByteArray());
  }

  @Test
  void neverHasMoreBlocksInFlightThanItsParallelism() throws Exception {
    cluster(List.of(node1.address()));
    Path local = TestFiles.write(dir, "many.bin", 12 * BLOCK, 2);

    new FileUploader(vertx, meta, blocks, 3).put(local, "many.bin", TransferListener.NONE).await();

    assertEquals(12, node1.putHeaders().size());
    assertTrue(node1.maxPutsInFlight() <= 3, "in flight at once: " + node1.maxPutsInFlight());
    assertTrue(node1.maxPutsInFlight() > 1, "blocks do go in parallel: " + node1.maxPutsInFlight());
  }

  @Test
  void anEmptyFileIsCommittedWithNoBlocks() throws Exception {
    cluster(List.of(node1.address()));
    Path local = TestFiles.write(dir, "empty", 0, 3);

    String id = new FileUploader(vertx, meta, blocks, 8).put(local, "empty", TransferListener.NONE).await().id();

    FileInfo file = meta.lookup(id).await();
    assertEquals(0, file.size());
    assertEquals(List.of(), file.blocks());
  }

  @Test
  void aMissingLocalFileFailsBeforeMetaIsContacted() {
    cluster(List.of(node1.address()));
    Path missing = dir.resolve("missing.bin");

    Throwable e = assertThrows(Throwable.class,
        () -> new FileUploader(vertx, meta, blocks, 8).put(missing, "m.bin", TransferListener.NONE).await());

    assertEquals("no such local file: " + missing, e.getMessage());
    assertEquals(List.of(), metaServer.requests());
  }

  @Test
  void aDirectoryIsNotUploaded() {
    cluster(List.of(node1.address()));
    Throwable e = assertThrows(Throwable.class,
        () -> new FileUploader(vertx, meta, blocks, 8).put(dir, "d", TransferListener.NONE).await());
    assertEquals("cannot read " + dir + ": it is a directory", e.getMessage());
    assertEquals(List.of(), metaServer.requests());
  }

  @Test
  void aPrimaryThatIsDownFailsTheUploadNamingTheBlockAndCommitsNothing() throws Exception {
    NodeAddress gone = node3.address();
    node3.close();
    cluster(List.of(gone));
    Path local = TestFiles.write(dir, "x.bin", 1000, 4);

    Throwable e = assertThrows(Throwable.class,
        () -> new FileUploader(vertx, meta, blocks, 8).put(local, "x.bin", TransferListener.NONE).await());

    assertTrue(e.getMessage().startsWith("cannot store block "), e.getMessage());
    assertTrue(e.getMessage().contains("cannot connect to " + gone), e.getMessage());
    assertTrue(metaServer.requests().stream().noneMatch(r -> r.contains("/commit")), metaServer.requests().toString());
  }

  @Test
  void blocksWhosePrimaryIsDownAreStoredOnTheRestOfTheirNodesAndCommitted() throws Exception {
    NodeAddress gone = node3.address();
    node3.close();
    // Placement rotates, so the dead node is the primary of every third block.
    cluster(List.of(node1.address(), node2.address(), gone));
    Path local = TestFiles.write(dir, "y.bin", 6 * BLOCK, 5);

    String id = new FileUploader(vertx, meta, blocks, 8).put(local, "y.bin", TransferListener.NONE).await().id();

    assertNotNull(id);
    assertTrue(metaServer.requests().stream().anyMatch(r -> r.contains("/commit")), metaServer.requests().toString());
    assertEquals(6, disk.size(), "every block stored");
    // Planned [dead, node-1, node-2]: sent again to node-1 with node-2 alone as its pipeline.
    long retried = node1.putHeaders().stream().filter(h -> h.getJsonArray("pipeline").size() == 1
        && "node-2".equals(h.getJsonArray("pipeline").getJsonObject(0).getString("node"))).count();
    assertEquals(2, retried, "blocks planned on the dead primary went to the rest of their nodes");
  }
}
