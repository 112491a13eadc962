package io.dfs.cli.client;

import static org.junit.jupiter.api.Assertions.*;

import io.dfs.cli.testsupport.TestBlockServer;
import io.dfs.cli.testsupport.TestBlockServer.Mode;
import io.dfs.cli.testsupport.TestFiles;
import io.dfs.common.config.ClientConfig;
import io.dfs.common.error.DfsException;
import io.dfs.common.error.ErrorCode;
import io.dfs.common.wire.Crc32c;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BlockClientTest {
  private Vertx vertx;
  private final Map<String, Buffer> disk = new ConcurrentHashMap<>();
  private TestBlockServer node1;
  private TestBlockServer node2;
  private TestBlockServer node3;
  private BlockClient client;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    node1 = TestBlockServer.start(vertx, "node-1", disk);
    node2 = TestBlockServer.start(vertx, "node-2", disk);
    node3 = TestBlockServer.start(vertx, "node-3", disk);
    client = new BlockClient(vertx, config(Duration.ofSeconds(5)), "user-token");
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  private static ClientConfig config(Duration ioTimeout) {
    return new ClientConfig(null, null, null, Duration.ofSeconds(2), ioTimeout, null);
  }

  /** A source over bytes in memory. */
  private static BlockSource source(Buffer bytes) {
    return new BlockSource() {
      @Override
      public long length() {
        return bytes.length();
      }

      @Override
      public Future<Buffer> read(long offset, int length) {
        return Future.succeededFuture(bytes.getBuffer((int) offset, (int) offset + length));
      }
    };
  }

  private static long crc(Buffer bytes) {
    return Crc32c.unsigned(Crc32c.of(bytes));
  }

  private String stored(int size) {
    String id = UUID.randomUUID().toString();
    disk.put(id, Buffer.buffer(TestFiles.bytes(size, size)));
    return id;
  }

  private BlockGet whole(String id) {
    Buffer bytes = disk.get(id);
    return new BlockGet(id, 0, bytes.length(), bytes.length(), crc(bytes), null);
  }

  private DfsException getFails(TestBlockServer node, BlockGet get) {
    Throwable e = assertThrows(Throwable.class,
        () -> client.getBlock(node.address(), get, new CollectingSink(vertx, false)).await());
    return assertInstanceOf(DfsException.class, e);
  }

  @Test
  void putSendsHeaderWithPipelineThenDataAndReturnsTheAck() {
    Buffer bytes = Buffer.buffer(TestFiles.bytes(200 * 1024 + 17, 1));
    String id = UUID.randomUUID().toString();
    BlockPut put = new BlockPut(id, bytes.length(), crc(bytes), null, List.of(node2.address(), node3.address()));

    JsonObject ack = client.putBlock(node1.address(), put, source(bytes)).await();

    assertEquals(id, ack.getString("blockId"));
    assertEquals(new JsonArray().add("node-1").add("node-2").add("node-3"), ack.getJsonArray("nodes"));
    assertEquals(bytes, disk.get(id));
    JsonObject header = node1.putHeaders().get(0);
    assertEquals(java.util.Set.of("v", "blockId", "length", "crc32c", "auth", "blockToken", "pipeline"), header.fieldNames());
    assertEquals(1, header.getInteger("v"));
    assertEquals("user-token", header.getString("auth"));
    assertNull(header.getValue("blockToken"));
    assertEquals(crc(bytes), header.getLong("crc32c"));
    assertEquals(new JsonArray().add(node2.address().toJson()).add(node3.address().toJson()),
        header.getJsonArray("pipeline"));
  }

  @Test
  void theNextBlockToANodeTravelsOnTheConnectionTheLastOneLeftOpen() {
    Buffer bytes = Buffer.buffer(TestFiles.bytes(100 * 1024, 4));
    String id = UUID.randomUUID().toString();
    client.putBlock(node1.address(), new BlockPut(id, bytes.length(), crc(bytes), null, List.of()), source(bytes))
        .await();
    BlockGet get = new BlockGet(id, 0, bytes.length(), bytes.length(), crc(bytes), null);
    CollectingSink sink = new CollectingSink(vertx, false);
    client.getBlock(node1.address(), get, sink).await();
    assertEquals(bytes, sink.bytes);
    assertEquals(1, node1.connections());
  }

  @Test
  void aKeptConnectionTheNodeClosedMeanwhileIsReplacedAndTheRequestGoesThrough() {
    Buffer bytes = Buffer.buffer(TestFiles.bytes(100 * 1024, 5));
    String first = UUID.randomUUID().toString();
    client.putBlock(node1.address(), new BlockPut(first, bytes.length(), crc(bytes), null, List.of()), source(bytes))
        .await();
    node1.mode(TestBlockServer.Mode.CLOSE_KEPT);
    String second = UUID.randomUUID().toString();
    JsonObject ack = client.putBlock(node1.address(),
        new BlockPut(second, bytes.length(), crc(bytes), null, List.of()), source(bytes)).await();
    assertEquals(second, ack.getString("blockId"));
    assertEquals(bytes, disk.get(second));
    assertEquals(2, node1.connections());
  }

  @Test
  void putOfAnEmptyBlockSendsOnlyHeaderAndEnd() {
    String id = UUID.randomUUID().toString();
    Buffer empty = Buffer.buffer();
    client.putBlock(node1.address(), new BlockPut(id, 0, 0, null, List.of()), source(empty)).await();
    assertEquals(0, disk.get(id).length());

    CollectingSink sink = new CollectingSink(vertx, false);
    client.getBlock(node1.address(), new BlockGet(id, 0, 0, 0, 0, null), sink).await();
    assertEquals(0, sink.bytes.length());
    assertTrue(sink.ended);
  }

  @Test
  void putFailsWithTheNodesErrorWhenTheDeclaredChecksumIsWrong() {
    Buffer bytes = Buffer.buffer(TestFiles.bytes(1000, 2));
    String id = UUID.randomUUID().toString();
    BlockPut put = new BlockPut(id, bytes.length(), crc(bytes) ^ 1, null, List.of());

    Throwable e = assertThrows(Throwable.class, () -> client.putBlock(node1.address(), put, source(bytes)).await());

    DfsException dfs = assertInstanceOf(DfsException.class, e);
    assertEquals(ErrorCode.CHECKSUM_MISMATCH, dfs.code());
    assertTrue(dfs.getMessage().contains("node-1"), dfs.getMessage());
    assertFalse(disk.containsKey(id));
  }

  @Test
  void getStreamsTheBlockThroughASlowSinkWithBackpressure() {
    String id = stored(300 * 1024 + 5);
    CollectingSink sink = new CollectingSink(vertx, true);

    client.getBlock(node1.address(), whole(id), sink).await();

    assertEquals(disk.get(id), sink.bytes);
    assertTrue(sink.ended);
    assertTrue(sink.drains > 0, "the reader waited for the sink to drain");
  }

  @Test
  void getReadsARange() {
    String id = stored(200 * 1024);
    Buffer all = disk.get(id);
    CollectingSink sink = new CollectingSink(vertx, false);
    BlockGet range = new BlockGet(id, 1000, 70_000, all.length(), crc(all), null);

    client.getBlock(node1.address(), range, sink).await();

    assertEquals(all.getBuffer(1000, 71_000), sink.bytes);
  }

  @Test
  void getFailsOnAFrameDamagedInTransit() {
    String id = stored(100_000);
    DfsException e = getFails(node1.mode(Mode.CORRUPT_FRAME), whole(id));
    assertEquals(ErrorCode.CHECKSUM_MISMATCH, e.code());
    assertTrue(e.getMessage().contains("damaged frame"), e.getMessage());
  }

  @Test
  void getFailsWhenTheBlockFailsItsWholeChecksum() {
    String id = stored(100_000);
    DfsException e = getFails(node1.mode(Mode.CORRUPT_BLOCK), whole(id));
    assertEquals(ErrorCode.CHECKSUM_MISMATCH, e.code());
    assertTrue(e.getMessage().contains("fail the block's CRC32C"), e.getMessage());
  }

  @Test
  void getFailsWhenTheNodeHoldsADifferentVersion() {
    String id = stored(10_000);
    BlockGet get = whole(id);
    DfsException e = getFails(node1, new BlockGet(id, 0, get.length(), get.blockLength(), get.blockCrc32c() ^ 7, null));
    assertEquals(ErrorCode.CHECKSUM_MISMATCH, e.code());
    assertTrue(e.getMessage().contains("different version"), e.getMessage());
  }

  @Test
  void getFailsWithTheNodesErrorFrame() {
    String id = stored(10_000);
    DfsException e = getFails(node1.mode(Mode.ERROR), whole(id));
    assertEquals(ErrorCode.CORRUPT, e.code());
    assertTrue(e.getMessage().contains("node-1") && e.getMessage().contains("failed their checksum"), e.getMessage());
  }

  @Test
  void getFailsWhenTheConnectionIsRefused() throws IOException {
    // A port freed by a blocking close: a connect to a just-closed Vert.x server was seen to be
    // accepted and then reset, which is a different failure from a refusal.
    NodeAddress closed;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = new NodeAddress("node-gone", "127.0.0.1", socket.getLocalPort());
    }
    Throwable thrown = assertThrows(Throwable.class,
        () -> client.getBlock(closed, whole(stored(10)), new CollectingSink(vertx, false)).await());
    DfsException e = assertInstanceOf(DfsException.class, thrown);
    assertEquals(ErrorCode.UNAVAILABLE, e.code());
    assertTrue(e.getMessage().startsWith("cannot connect to " + closed), e.getMessage());
  }

  @Test
  void getFailsWhenTheNodeHangsUpMidBlock() {
    String id = stored(200_000);
    DfsException e = getFails(node1.mode(Mode.HANG_UP), whole(id));
    assertEquals(ErrorCode.UNAVAILABLE, e.code());
    assertTrue(e.getMessage().contains("closed"), e.getMessage());
  }

  @Test
  void getTimesOutOnANodeThatNeverAnswers() {
    client = new BlockClient(vertx, config(Duration.ofMillis(300)), "user-token");
    String id = stored(1000);
    DfsException e = getFails(node1.mode(Mode.SILENT), whole(id));
    assertEquals(ErrorCode.UNAVAILABLE, e.code());
    assertTrue(e.getMessage().contains("did not answer"), e.getMessage());
  }
}
