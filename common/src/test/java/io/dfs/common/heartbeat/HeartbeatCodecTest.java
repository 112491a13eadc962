package io.dfs.common.heartbeat;

import static org.junit.jupiter.api.Assertions.*;

import io.vertx.core.buffer.Buffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HeartbeatCodecTest {
  private final byte[] key = "0123456789abcdef0123456789abcdef".getBytes();
  private final Heartbeat hb = new Heartbeat("dn-1", 42, 1000, 5000, 7, 123456789L);

  @Test
  void roundTrips() {
    Buffer d = HeartbeatCodec.encode(hb, key);
    assertEquals(HeartbeatCodec.TYPE_HEARTBEAT, HeartbeatCodec.typeOf(d));
    assertEquals("dn-1", HeartbeatCodec.nodeIdOf(d));
    assertEquals(hb, HeartbeatCodec.verify(d, key));
  }

  @Test
  void wrongKeyOrFlippedBitFailsTheMac() {
    Buffer d = HeartbeatCodec.encode(hb, key);
    assertNull(HeartbeatCodec.verify(d, "another key of thirty-two bytes!".getBytes()));
    for (int i = 5; i < d.length(); i++) {
      Buffer copy = d.copy();
      copy.setByte(i, (byte) (copy.getByte(i) ^ 1));
      if (HeartbeatCodec.typeOf(copy) == HeartbeatCodec.TYPE_HEARTBEAT) {
        assertNull(HeartbeatCodec.verify(copy, key), "bit flip at " + i);
      }
    }
  }

  @Test
  void garbageIsNotOurs() {
    Random r = new Random(7);
    for (int n : new int[] {0, 1, 4, 60, 200, 65507}) {
      byte[] b = new byte[n];
      r.nextBytes(b);
      assertEquals(-1, HeartbeatCodec.typeOf(Buffer.buffer(b)), "length " + n);
    }
  }

  @Test
  void rejoinCarriesTheNodeId() {
    Buffer d = HeartbeatCodec.rejoin("dn-2");
    assertEquals(HeartbeatCodec.TYPE_REJOIN, HeartbeatCodec.typeOf(d));
    assertEquals("dn-2", HeartbeatCodec.nodeIdOf(d));
  }
}
