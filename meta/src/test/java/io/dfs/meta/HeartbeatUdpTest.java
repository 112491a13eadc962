package io.dfs.meta;

import static org.junit.jupiter.api.Assertions.*;

import io.dfs.common.config.ConfigLoader;
import io.dfs.common.config.MetaConfig;
import io.dfs.common.heartbeat.Heartbeat;
import io.dfs.common.heartbeat.HeartbeatCodec;
import io.dfs.common.security.Roles;
import io.dfs.meta.testsupport.Http;
import io.dfs.meta.testsupport.TestAuth;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Heartbeats over real UDP to an in-process meta server: HMAC, sequence numbers, REJOIN, eviction. */
@Timeout(30)
class HeartbeatUdpTest {
  private static final String SECRET = "s3cret";
  private static Vertx vertx;
  private static TestAuth auth;

  @TempDir
  Path dir;
  private MetaServer meta;
  private DatagramSocket udp;

  @BeforeAll
  static void startAuth() {
    vertx = Vertx.vertx();
    auth = TestAuth.start(vertx, "meta", SECRET);
  }

  @AfterAll
  static void stopAuth() {
    if (auth != null) {
      auth.close();
    }
    vertx.close().await();
  }

  @AfterEach
  void stop() {
    if (udp != null) {
      udp.close();
    }
    if (meta != null) {
      meta.stop().await();
    }
  }

  private void start(String interval) throws Exception {
    Path secret = dir.resolve("secret");
    Files.writeString(secret, SECRET);
    JsonObject conf = new JsonObject()
        .put("host", "127.0.0.1").put("clientPort", 0).put("discoveryPort", 0).put("heartbeatPort", 0)
        .put("dataDir", dir.resolve("meta").toString()).put("authUrl", auth.url())
        .put("secretFile", secret.toString()).put("heartbeatInterval", interval);
    meta = MetaServer.start(vertx, ConfigLoader.fromJson(conf.encode(), MetaConfig.class)).await();
    udp = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    udp.setSoTimeout(5_000);
  }

  /** Joins a node and returns its heartbeat key. */
  private byte[] join(String nodeId) {
    JsonObject body = new JsonObject().put("nodeId", nodeId).put("host", "127.0.0.1").put("port", 7999)
        .put("capacityBytes", 1000).put("usedBytes", 1).put("blocks", new JsonArray());
    Http.Response r = Http.post("http://127.0.0.1:" + meta.discoveryPort() + "/v1/nodes/join",
        auth.token(nodeId, Roles.DATANODE), body);
    assertEquals(200, r.status(), r.body());
    return Base64.getDecoder().decode(r.json().getString("heartbeatKey"));
  }

  private void send(Buffer datagram) throws Exception {
    byte[] bytes = datagram.getBytes();
    udp.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), meta.heartbeatPort()));
  }

  private static Buffer beat(String nodeId, long seq, long used, byte[] key) {
    return HeartbeatCodec.encode(new Heartbeat(nodeId, seq, used, 1000, 4, System.currentTimeMillis()), key);
  }

  private JsonObject node(String id) {
    JsonObject cluster = Http.get("http://127.0.0.1:" + meta.clientPort() + "/api/v1/cluster",
        auth.token("root", Roles.ADMIN)).json();
    for (Object o : cluster.getJsonArray("nodes")) {
      if (((JsonObject) o).getString("id").equals(id)) {
        return (JsonObject) o;
      }
    }
    throw new AssertionError("no node " + id + " in " + cluster);
  }

  private long counter(String outcome) {
    String text = Http.get("http://127.0.0.1:" + meta.clientPort() + "/metrics", auth.token("root", Roles.ADMIN))
        .body();
    Matcher m = Pattern.compile("dfs_meta_heartbeats_total\\{outcome=\"" + outcome + "\"} (\\d+)\\.0").matcher(text);
    assertTrue(m.find(), text);
    return Long.parseLong(m.group(1));
  }

  private void awaitCounter(String outcome, long value) {
    Http.await(outcome + " = " + value, Duration.ofSeconds(5), () -> counter(outcome) == value);
  }

  private void awaitUsedBytes(String nodeId, long value) {
    Http.await(nodeId + " usedBytes = " + value, Duration.ofSeconds(5), () -> node(nodeId).getLong("usedBytes") == value);
  }

  @Test
  void validHeartbeatsCountAndForgedOrReplayedOnesAreDropped() throws Exception {
    start("1h");
    byte[] key = join("node-a");
    Buffer first = beat("node-a", 1, 777, key);
    send(first);
    awaitCounter("accepted", 1);
    // Statistics reach the published view on the next health tick.
    awaitUsedBytes("node-a", 777);
    assertEquals(4, node("node-a").getInteger("blocks"));

    byte[] wrongKey = key.clone();
    wrongKey[0] ^= 1;
    send(beat("node-a", 2, 888, wrongKey));
    awaitCounter("bad_hmac", 1);
    send(first);
    awaitCounter("stale_seq", 1);
    send(Buffer.buffer("not a heartbeat at all"));
    awaitCounter("malformed", 1);
    assertEquals(777, node("node-a").getLong("usedBytes"), "dropped datagrams change nothing");
    assertEquals(1, counter("accepted"));

    send(beat("node-a", 3, 999, key));
    awaitCounter("accepted", 2);
    awaitUsedBytes("node-a", 999);
  }

  @Test
  void anUnknownNodeIsToldToRejoin() throws Exception {
    start("1h");
    send(beat("ghost", 1, 1, new byte[32]));
    byte[] buf = new byte[HeartbeatCodec.MAX_DATAGRAM];
    DatagramPacket reply = new DatagramPacket(buf, buf.length);
    udp.receive(reply);
    Buffer answer = Buffer.buffer(Arrays.copyOf(buf, reply.getLength()));
    assertEquals(HeartbeatCodec.TYPE_REJOIN, HeartbeatCodec.typeOf(answer));
    assertEquals("ghost", HeartbeatCodec.nodeIdOf(answer));
    awaitCounter("unknown_node", 1);
    assertThrows(AssertionError.class, () -> node("ghost"), "an unknown node is not added by a heartbeat");
  }

  @Test
  void aSilentNodeIsEvictedWhileABeatingOneStays() throws Exception {
    start("200ms");
    byte[] quietKey = join("quiet");
    byte[] busyKey = join("busy");
    long seq = 0;
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!"dead".equals(node("quiet").getString("state"))) {
      assertTrue(System.nanoTime() < deadline, "quiet was never evicted");
      send(beat("busy", ++seq, 5, busyKey));
      Thread.sleep(50);
    }
    assertEquals("live", node("busy").getString("state"));
    assertEquals(1, Http.get("http://127.0.0.1:" + meta.clientPort() + "/api/v1/cluster",
        auth.token("root", Roles.ADMIN)).json().getInteger("liveNodes"));

    // Its heartbeats are now refused with REJOIN, and a JOIN brings it back.
    send(beat("quiet", 1, 5, quietKey));
    byte[] buf = new byte[HeartbeatCodec.MAX_DATAGRAM];
    DatagramPacket reply = new DatagramPacket(buf, buf.length);
    try {
      udp.receive(reply);
    } catch (SocketTimeoutException e) {
      fail("no REJOIN for an evicted node");
    }
    assertEquals(HeartbeatCodec.TYPE_REJOIN,
        HeartbeatCodec.typeOf(Buffer.buffer(Arrays.copyOf(buf, reply.getLength()))));
    join("quiet");
    assertEquals("live", node("quiet").getString("state"));
  }
}
