package io.dfs.it;

import static org.junit.jupiter.api.Assertions.*;

import io.dfs.common.heartbeat.Heartbeat;
import io.dfs.common.heartbeat.HeartbeatCodec;
import io.vertx.core.json.JsonObject;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Forged and garbage heartbeats at meta's UDP port: all dropped and counted, none crashes meta,
 * evicts a node or revives one. (A replayed sequence number is refused in meta's own heartbeat
 * tests, which hold a node's key.)
 */
class BadHeartbeatInputTest extends BadInputSuite {

  private static void sendAll(byte[]... datagrams) throws Exception {
    try (DatagramSocket socket = new DatagramSocket()) {
      for (byte[] d : datagrams) {
        socket.send(new DatagramPacket(d, d.length, InetAddress.getLoopbackAddress(), cluster.heartbeatPort()));
      }
    }
  }

  private static long dropped(String outcome) {
    return Http.metric(cluster.metaUrl() + "/metrics", cluster.opsToken(), "dfs_meta_heartbeats_total{outcome=\"" + outcome + "\"}");
  }

  @Test
  void forgedAndGarbageDatagramsAreDroppedAndCountedAndEvictNobody() throws Exception {
    long badMac = dropped("bad_hmac");
    long malformed = dropped("malformed");
    long unknown = dropped("unknown_node");
    byte[] wrongKey = new byte[32];
    new Random(1).nextBytes(wrongKey);
    Heartbeat claim = new Heartbeat(cluster.nodeId(1), Long.MAX_VALUE - 1, 0, 1L << 50, 0, System.currentTimeMillis());
    byte[] forged = HeartbeatCodec.encode(claim, wrongKey).getBytes();
    byte[] stranger = HeartbeatCodec.encode(new Heartbeat("nobody", 1, 0, 1, 0, 0), wrongKey).getBytes();
    byte[] random = new byte[300];
    new Random(2).nextBytes(random);
    // Paced, so that the kernel's receive buffer, not meta, is never what drops them.
    for (int i = 0; i < 50; i++) {
      sendAll(forged, stranger, random, new byte[0], new byte[1]);
      Thread.sleep(2);
    }
    Http.await("every bad datagram counted", QUICK, () -> dropped("bad_hmac") >= badMac + 50
        && dropped("unknown_node") >= unknown + 50 && dropped("malformed") >= malformed + 100);
    long beforeLargest = dropped("malformed");
    for (int i = 0; i < 3; i++) {
      sendAll(new byte[65_507]);
      Thread.sleep(20);
    }
    Http.await("the largest datagrams counted", QUICK, () -> dropped("malformed") > beforeLargest);
    // Two heartbeat intervals later every real node is still live, with its real figures.
    Thread.sleep(1_200);
    JsonObject state = cluster.clusterState();
    assertEquals(3, state.getInteger("liveNodes"), state::encodePrettily);
    for (Object o : state.getJsonArray("nodes")) {
      JsonObject n = (JsonObject) o;
      assertEquals("live", n.getString("state"));
      assertTrue(n.getLong("capacityBytes") < 1L << 50, "a forged free-space figure was not taken");
    }
    assertEquals(0, Http.metric(cluster.metaUrl() + "/metrics", cluster.opsToken(), "dfs_meta_evictions_total"));
  }
}
