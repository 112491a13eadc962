package io.dfs.it;

import static org.junit.jupiter.api.Assertions.*;

import io.dfs.cli.client.FileInfo;
import io.dfs.cli.client.UploadPlan;
import io.dfs.common.wire.BlockProtocol;
import io.dfs.common.wire.FrameCodec;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Hostile block protocol input from a plain socket, against a real data node: oversized and
 * negative frame lengths, unknown frame types, path-like block ids, capabilities for other blocks,
 * and connections that say nothing. The node answers ERROR or closes, touches no file outside its
 * data directory, and keeps serving.
 */
class BadBlockInputTest extends BadInputSuite {

  private static Socket connect() throws IOException {
    Socket s = new Socket("127.0.0.1", cluster.dataNode(1).port());
    s.setSoTimeout(10_000);
    return s;
  }

  private static void sendFrame(OutputStream out, int length, byte type, byte[] payload) throws IOException {
    out.write(ByteBuffer.allocate(5).putInt(length).put(type).array());
    out.write(payload);
    out.flush();
  }

  private static void sendHeader(OutputStream out, byte type, JsonObject header) throws IOException {
    byte[] json = header.encode().getBytes(StandardCharsets.UTF_8);
    sendFrame(out, json.length, type, json);
  }

  /** The next frame's error code, or null if the connection was closed without one. */
  private static String errorCode(InputStream in) throws IOException {
    DataInputStream data = new DataInputStream(in);
    int length;
    try {
      length = data.readInt();
    } catch (java.io.EOFException e) {
      return null;
    }
    byte type = data.readByte();
    assertTrue(length >= 0 && length <= BlockProtocol.MAX_HEADER_BYTES, "a bounded answer");
    byte[] payload = data.readNBytes(length);
    assertEquals(BlockProtocol.TYPE_ERROR, type, () -> "expected ERROR, got type " + type);
    return new JsonObject(new String(payload, StandardCharsets.UTF_8)).getString("code");
  }

  @Test
  void hugeOrNegativeFrameLengthsCloseTheConnectionBeforeAllocating() throws Exception {
    for (int length : new int[] {Integer.MAX_VALUE, 0xFFFFFFFF, 0x80000000}) {
      try (Socket s = connect()) {
        s.getOutputStream().write(ByteBuffer.allocate(5).putInt(length).put(BlockProtocol.TYPE_PUT_BLOCK).array());
        String code = errorCode(s.getInputStream());
        assertTrue(code == null || code.equals("too_large") || code.equals("bad_request"), code);
        assertEquals(-1, s.getInputStream().read(), "then the connection is closed");
      }
    }
  }

  @Test
  void unknownFrameTypesAndTruncatedHeadersAreRefused() throws Exception {
    try (Socket s = connect()) {
      sendFrame(s.getOutputStream(), 2, (byte) 77, new byte[] {'{', '}'});
      assertEquals("bad_request", errorCode(s.getInputStream()));
    }
    try (Socket s = connect()) {
      s.getOutputStream().write(new byte[] {0, 0, 0, 50, BlockProtocol.TYPE_GET_BLOCK, '{'});
      s.shutdownOutput();
      String code = errorCode(s.getInputStream());
      assertTrue(code == null || code.equals("bad_request"), code);
    }
  }

  @Test
  void pathLikeBlockIdsAreRefusedBeforeTouchingTheDisk() throws Exception {
    Path outside = Files.writeString(work.resolve("outside.txt"), "untouched");
    String[] ids = {"../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "%2e%2e/", "/etc/passwd", outside.toString(),
        "a/b", "a\\b", "\u0000", "", "1-1-1-1-1", java.util.UUID.randomUUID().toString().toUpperCase(),
        java.util.UUID.randomUUID() + "0"};
    try (Socket s = connect()) {
      for (String id : ids) {
        sendHeader(s.getOutputStream(), BlockProtocol.TYPE_GET_BLOCK, new JsonObject().put("v", BlockProtocol.VERSION)
            .put("blockId", id).put("auth", alice.token).put("blockToken", "x"));
        assertEquals("invalid_block_id", errorCode(s.getInputStream()), id);
      }
    }
    assertEquals("untouched", Files.readString(outside));
  }

  @Test
  void aCapabilityForOneBlockOpensNoOther() throws Exception {
    FileInfo small = alice.stat("canary-1");
    FileInfo other = alice.stat("canary-2");
    FileInfo.FileBlock target = other.blocks().get(0);
    try (Socket s = new Socket(target.replicas().get(0).host(), target.replicas().get(0).port())) {
      s.setSoTimeout(10_000);
      sendHeader(s.getOutputStream(), BlockProtocol.TYPE_GET_BLOCK, new JsonObject().put("v", BlockProtocol.VERSION)
          .put("blockId", target.id()).put("auth", alice.token).put("blockToken", small.blocks().get(0).blockToken()));
      assertEquals("forbidden", errorCode(s.getInputStream()));
      sendHeader(s.getOutputStream(), BlockProtocol.TYPE_GET_BLOCK, new JsonObject().put("v", BlockProtocol.VERSION)
          .put("blockId", target.id()).put("auth", bob.token).put("blockToken", target.blockToken()));
      assertEquals("forbidden", errorCode(s.getInputStream()), "alice's capability is no use to bob");
    }
  }

  @Test
  void aConnectionThatSaysNothingIsClosed() throws Exception {
    try (Socket s = connect()) {
      s.setSoTimeout(15_000);
      long started = System.nanoTime();
      try {
        assertEquals(-1, s.getInputStream().read(), "closed by the node's idle timeout");
      } catch (SocketTimeoutException e) {
        fail("a silent connection was still open after 15 s");
      }
      assertTrue(System.nanoTime() - started < 15_000_000_000L);
    }
  }

  /**
   * B24: a PUT that sends part of its block and then nothing is closed by the idle timeout, and
   * its temp file goes with it.
   */
  @Test
  void aStalledUploadIsClosedAndLeavesNoTempFile() throws Exception {
    UploadPlan.PlannedBlock b = alice.createOnly("stalled-upload", 200_000).blocks().get(0);
    int node = nodeListeningOn(b.primary().port());
    Buffer part = Buffer.buffer(new byte[BlockProtocol.MAX_DATA_BYTES]);
    try (Socket s = new Socket(b.primary().host(), b.primary().port())) {
      s.setSoTimeout(15_000);
      sendHeader(s.getOutputStream(), BlockProtocol.TYPE_PUT_BLOCK, new JsonObject().put("v", BlockProtocol.VERSION)
          .put("blockId", b.blockId()).put("length", b.length()).put("crc32c", 0).put("auth", alice.token)
          .put("blockToken", b.blockToken()).put("pipeline", new JsonArray()));
      s.getOutputStream().write(FrameCodec.data(part).getBytes());
      s.getOutputStream().flush();
      Http.await("the upload's temp file", QUICK, () -> tempFiles(node) == 1);
      try {
        while (s.getInputStream().read() >= 0) {
          // an ERROR frame may come first; the close is what counts
        }
      } catch (SocketTimeoutException e) {
        fail("a stalled upload was still open after 15 s");
      }
    }
    Http.await("the temp file removed", QUICK, () -> tempFiles(node) == 0);
    assertFalse(cluster.dataNode(node).store().contains(b.blockId()), "half a block is no replica");
  }

  private static int nodeListeningOn(int port) {
    for (int i = 1; i <= cluster.dataNodes(); i++) {
      if (cluster.dataNode(i).port() == port) {
        return i;
      }
    }
    throw new AssertionError("no data node on port " + port);
  }

  private static long tempFiles(int node) {
    try (Stream<Path> files = Files.list(cluster.dataDir(node).resolve("tmp"))) {
      return files.count();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
