package io.dfs.cli.client;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dfs.cli.testsupport.TestBlockServer;
import io.dfs.cli.testsupport.TestBlockServer.Mode;
import io.dfs.cli.testsupport.TestFiles;
import io.dfs.common.config.ClientConfig;
import io.dfs.common.error.DfsException;
import io.dfs.common.http.JsonHttpClient;
import io.dfs.common.wire.Crc32c;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads of a file described by hand, served by stand-in data nodes that misbehave in every way. */
class FileDownloaderTest {
  private static final int BLOCK = 100 * 1024;

  @TempDir Path dir;
  private Vertx vertx;
  private final Map<String, Buffer> disk = new ConcurrentHashMap<>();
  private final List<TestBlockServer> servers = new ArrayList<>();
  private FileDownloader downloader;
  private final Recorder recorder = new Recorder();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    ClientConfig config = new ClientConfig(null, null, 3, Duration.ofSeconds(2), Duration.ofSeconds(5), null);
    BlockClient blocks = new BlockClient(vertx, config, "user-token");
    // Downloads of a looked-up file never call meta; a client pointing nowhere proves it.
    MetaClient meta = new MetaClient(vertx, new JsonHttpClient(vertx), "http://127.0.0.1:1", "user-token");
    downloader = new FileDownloader(vertx, meta, blocks, config.parallelism());
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  private NodeAddress node(String id, Mode mode) {
    TestBlockServer s = TestBlockServer.start(vertx, id, disk).mode(mode);
    servers.add(s);
    return s.address();
  }

  private NodeAddress refusedNode() {
    TestBlockServer s = TestBlockServer.start(vertx, "node-gone", disk);
    NodeAddress address = s.address();
    s.close();
    return address;
  }

  /** Stores {@code content} on the shared disk in blocks and describes it with these replicas. */
  private FileInfo file(String name, byte[] content, List<NodeAddress> replicas) {
    return file(name, content, replicas, BLOCK);
  }

  private FileInfo file(String name, byte[] content, List<NodeAddress> replicas, int blockSize) {
    List<FileInfo.FileBlock> blocks = new ArrayList<>();
    for (int offset = 0; offset < content.length; offset += blockSize) {
      Buffer bytes = Buffer.buffer(content).getBuffer(offset, Math.min(content.length, offset + blockSize));
      String id = UUID.randomUUID().toString();
      disk.put(id, bytes);
      blocks.add(new FileInfo.FileBlock(id, offset, bytes.length(), Crc32c.unsigned(Crc32c.of(bytes)), replicas, null));
    }
    return new FileInfo(UUID.randomUUID().toString(), name, content.length, blockSize, replicas.size(), 1L, blocks);
  }

  private List<NodeAddress> everyKindOfBadReplicaThenAGoodOne() {
    return List.of(refusedNode(), node("node-error", Mode.ERROR), node("node-rot", Mode.CORRUPT_BLOCK),
        node("node-wire", Mode.CORRUPT_FRAME), node("node-hangup", Mode.HANG_UP), node("node-good", Mode.SERVE));
  }

  @Test
  void failsOverPastEveryKindOfBadReplicaAndWritesTheWholeFile() throws Exception {
    byte[] content = TestFiles.bytes(5 * BLOCK + 123, 1);
    FileInfo file = file("dir/data.bin", content, everyKindOfBadReplicaThenAGoodOne());
    Path target = dir.resolve("data.bin");

    downloader.download(file, target, recorder).await();

    assertArrayEquals(content, Files.readAllBytes(target));
    assertEquals(List.of("data.bin"), TestFiles.list(dir), "no temp file is left");
    assertEquals(6 * 5, recorder.failovers.size(), "five failovers for each of six blocks: " + recorder.failovers);
    assertTrue(recorder.failovers.stream().noneMatch(f -> f.contains("node-good")));
    assertEquals(content.length, recorder.total);
    assertEquals(content.length, recorder.done.get(), "progress counts each byte once despite retries");
  }

  @Test
  void replacesAnExistingTargetAtomically() throws Exception {
    byte[] content = TestFiles.bytes(2 * BLOCK, 2);
    Path target = Files.writeString(dir.resolve("out"), "old content");

    downloader.download(file("x", content, List.of(node("node-good", Mode.SERVE))), target, recorder).await();

    assertArrayEquals(content, Files.readAllBytes(target));
    assertEquals(List.of("out"), TestFiles.list(dir));
  }

  @Test
  void failsNamingTheBlockWhenNoReplicaServesItAndLeavesNothingBehind() throws Exception {
    byte[] content = TestFiles.bytes(3 * BLOCK, 3);
    FileInfo file = file("lost.bin", content, List.of(refusedNode(), node("node-error", Mode.ERROR),
        node("node-rot", Mode.CORRUPT_BLOCK)));
    Path target = Files.writeString(dir.resolve("lost.bin"), "previous version");

    Throwable e = assertThrows(Throwable.class, () -> downloader.download(file, target, recorder).await());

    String message = e.getMessage();
    assertTrue(file.blocks().stream().anyMatch(b -> message.contains("block " + b.id() + " of lost.bin")), message);
    assertTrue(message.contains("from any of its 3 replicas"), message);
    assertEquals("previous version", Files.readString(target), "the old file is untouched");
    assertEquals(List.of("lost.bin"), TestFiles.list(dir), "no temp file is left");
  }

  @Test
  void aBlockWithNoLiveReplicaFailsClearly() {
    FileInfo file = file("orphan.bin", TestFiles.bytes(10, 4), List.of());
    Throwable e = assertThrows(Throwable.class, () -> downloader.download(file, dir.resolve("o"), recorder).await());
    assertTrue(e.getMessage().contains("has no live replica"), e.getMessage());
    assertFalse(Files.exists(dir.resolve("o")));
  }

  @Test
  void aTargetUnderARegularFileFailsWithOneClearLineAndCreatesNothing() throws Exception {
    Path plain = Files.writeString(dir.resolve("plain"), "x");
    Path target = plain.resolve("sub").resolve("out");
    FileInfo file = file("a.txt", TestFiles.bytes(1000, 5), List.of(node("node-good", Mode.SERVE)));

    Throwable e = assertThrows(Throwable.class, () -> downloader.download(file, target, recorder).await());

    LocalFileException local = assertInstanceOf(LocalFileException.class, e);
    assertTrue(local.getMessage().startsWith("cannot write " + target + ": "), local.getMessage());
    assertFalse(local.getMessage().contains("\n"));
    assertEquals(List.of("plain"), TestFiles.list(dir));
    assertEquals(0, servers.get(0).gets(), "no block is fetched for a target that cannot be written");
  }

  @Test
  void aDirectoryWithoutWritePermissionFailsWithPermissionDenied() throws Exception {
    assumeFalse("root".equals(System.getProperty("user.name")), "root may write anywhere");
    Path locked = Files.createDirectory(dir.resolve("locked"),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("r-x------")));
    Path target = locked.resolve("out");
    FileInfo file = file("a.txt", TestFiles.bytes(1000, 6), List.of(node("node-good", Mode.SERVE)));

    Throwable e = assertThrows(Throwable.class, () -> downloader.download(file, target, recorder).await());

    assertEquals("cannot write " + target + ": permission denied", e.getMessage());
    assertEquals(List.of(), TestFiles.list(locked));
  }

  @Test
  void aTargetWhereNotEvenRootMayCreateFilesFailsWithOneClearLineAndLeavesNothing() throws Exception {
    // The test above is skipped as root (CI runs as root); /proc takes no new file from anyone.
    Path proc = Path.of("/proc");
    assumeTrue(Files.isDirectory(proc.resolve("self")), "needs a Linux /proc");
    String name = "dfs-get-" + UUID.randomUUID();
    Path target = proc.resolve(name);
    FileInfo file = file("a.txt", TestFiles.bytes(1000, 8), List.of(node("node-good", Mode.SERVE)));

    Throwable e = assertThrows(Throwable.class, () -> downloader.download(file, target, recorder).await());

    LocalFileException local = assertInstanceOf(LocalFileException.class, e);
    assertTrue(local.getMessage().startsWith("cannot write " + target + ": "), local.getMessage());
    assertEquals(1, local.getMessage().lines().count(), local.getMessage());
    assertFalse(Files.exists(target));
    try (Stream<Path> entries = Files.list(proc)) {
      assertEquals(List.of(), entries.map(p -> p.getFileName().toString()).filter(n -> n.contains(name)).toList(),
          "no temp file is left");
    }
    assertEquals(0, servers.get(0).gets(), "no block is fetched for a target that cannot be written");
  }

  @Test
  void neverHasMoreBlocksInFlightThanItsParallelism() throws Exception {
    NodeAddress only = node("node-good", Mode.SERVE);
    byte[] content = TestFiles.bytes(12 * BLOCK, 9);
    Path target = dir.resolve("many.bin");

    downloader.download(file("many.bin", content, List.of(only)), target, recorder).await();

    assertArrayEquals(content, Files.readAllBytes(target));
    TestBlockServer server = servers.get(0);
    assertEquals(12, server.gets());
    assertTrue(server.maxGetsInFlight() <= 3, "in flight at once: " + server.maxGetsInFlight());
    assertTrue(server.maxGetsInFlight() > 1, "blocks do go in parallel: " + server.maxGetsInFlight());
  }

  @Test
  void aStreamDownloadReadsAheadWithinItsParallelismAndWritesInOrder() {
    NodeAddress only = node("node-good", Mode.SERVE);
    byte[] content = TestFiles.bytes(6 * BLOCK, 10);
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    downloader.download(file("s.bin", content, List.of(only)), out, recorder).await();

    assertArrayEquals(content, out.toByteArray());
    assertEquals(6, servers.get(0).gets());
    assertTrue(servers.get(0).maxGetsInFlight() <= 3, "in flight at once: " + servers.get(0).maxGetsInFlight());
    assertTrue(servers.get(0).maxGetsInFlight() > 1, "blocks are read ahead: " + servers.get(0).maxGetsInFlight());
  }

  @Test
  void aStreamDownloadOfBlocksLargerThanItsReadAheadFetchesOneAtATime() {
    NodeAddress only = node("node-good", Mode.SERVE);
    int big = (int) FileDownloader.READ_AHEAD_BYTES / 2 + 1;
    byte[] content = TestFiles.bytes(3 * big, 11);
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    downloader.download(file("big.bin", content, List.of(only), big), out, recorder).await();

    assertArrayEquals(content, out.toByteArray());
    assertEquals(3, servers.get(0).gets());
    assertEquals(1, servers.get(0).maxGetsInFlight(), "two such blocks are more than the read-ahead holds");
  }

  @Test
  void streamsBlocksInOrderWithFailover() {
    byte[] content = TestFiles.bytes(7 * BLOCK + 9, 7);
    FileInfo file = file("s.bin", content, everyKindOfBadReplicaThenAGoodOne());
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    downloader.download(file, out, recorder).await();

    assertArrayEquals(content, out.toByteArray());
    assertEquals(content.length, recorder.done.get());
  }

  @Test
  void anEmptyFileDownloadsToAnEmptyTarget() throws Exception {
    FileInfo file = new FileInfo(UUID.randomUUID().toString(), "empty", 0, BLOCK, 3, 1L, List.of());
    Path target = dir.resolve("empty");

    downloader.download(file, target, recorder).await();

    assertEquals(0, Files.size(target));
    assertEquals(List.of("empty"), TestFiles.list(dir));
  }

  /** Records what a download reports. */
  private static final class Recorder implements TransferListener {
    volatile long total = -1;
    final AtomicLong done = new AtomicLong();
    final List<String> failovers = new CopyOnWriteArrayList<>();

    @Override
    public void started(long totalBytes) {
      total = totalBytes;
    }

    @Override
    public void advanced(long bytes) {
      done.addAndGet(bytes);
    }

    @Override
    public void failedOver(String blockId, NodeAddress node, String reason) {
      failovers.add(node.node() + ": " + reason);
    }
  }
}
