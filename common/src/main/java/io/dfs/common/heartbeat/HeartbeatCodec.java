package io.dfs.common.heartbeat;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * UDP datagrams between data nodes and meta's heartbeat port. All integers big-endian.
 *
 * <pre>
 * HEARTBEAT (node to meta), {@value #HEARTBEAT_FIXED_BYTES} bytes + node id:
 *   u16 magic 0x4448 ("DH") | u8 version 1 | u8 type 1 | u8 idLen | idLen bytes nodeId (UTF-8)
 *   u64 seq | u64 usedBytes | u64 capacityBytes | u32 blockCount | u64 sentAtMs
 *   32 bytes HMAC-SHA256, keyed with the per-node key meta gave at JOIN, over all bytes before it
 *
 * REJOIN (meta to node): u16 magic | u8 version | u8 type 2 | u8 idLen | nodeId
 *   Unauthenticated on purpose: meta answers nodes it has no key for. A forged REJOIN can only
 *   make a node join again, which it must be allowed to do anyway.
 * </pre>
 *
 * Datagrams are checked for size before anything is parsed: anything over {@link #MAX_DATAGRAM}
 * bytes or with a wrong magic, version or type is dropped.
 */
public final class HeartbeatCodec {
  public static final int MAGIC = 0x4448;
  public static final int VERSION = 1;
  public static final int TYPE_HEARTBEAT = 1;
  public static final int TYPE_REJOIN = 2;
  public static final int MAX_NODE_ID_BYTES = 64;
  public static final int MAC_BYTES = 32;
  static final int HEARTBEAT_FIXED_BYTES = 5 + 8 + 8 + 8 + 4 + 8 + MAC_BYTES;
  public static final int MAX_DATAGRAM = HEARTBEAT_FIXED_BYTES + MAX_NODE_ID_BYTES;

  private HeartbeatCodec() {}

  public static Buffer encode(Heartbeat hb, byte[] key) {
    byte[] id = hb.nodeId().getBytes(StandardCharsets.UTF_8);
    if (id.length == 0 || id.length > MAX_NODE_ID_BYTES) {
      throw new IllegalArgumentException("node id must be 1.." + MAX_NODE_ID_BYTES + " bytes");
    }
    Buffer b = Buffer.buffer(HEARTBEAT_FIXED_BYTES + id.length)
        .appendUnsignedShort(MAGIC).appendUnsignedByte((short) VERSION).appendUnsignedByte((short) TYPE_HEARTBEAT)
        .appendUnsignedByte((short) id.length).appendBytes(id)
        .appendLong(hb.seq()).appendLong(hb.usedBytes()).appendLong(hb.capacityBytes())
        .appendInt(hb.blockCount()).appendLong(hb.sentAtMs());
    return b.appendBytes(mac(key, b.getBytes()));
  }

  public static Buffer rejoin(String nodeId) {
    byte[] id = nodeId.getBytes(StandardCharsets.UTF_8);
    return Buffer.buffer().appendUnsignedShort(MAGIC).appendUnsignedByte((short) VERSION)
        .appendUnsignedByte((short) TYPE_REJOIN).appendUnsignedByte((short) id.length).appendBytes(id);
  }

  /** The type of a well-formed datagram, or -1 if it is too short, too long or not ours. */
  public static int typeOf(Buffer datagram) {
    if (datagram.length() < 5 || datagram.length() > MAX_DATAGRAM) {
      return -1;
    }
    if (datagram.getUnsignedShort(0) != MAGIC || datagram.getUnsignedByte(2) != VERSION) {
      return -1;
    }
    int idLen = datagram.getUnsignedByte(4);
    if (idLen == 0 || idLen > MAX_NODE_ID_BYTES) {
      return -1;
    }
    int type = datagram.getUnsignedByte(3);
    if (type == TYPE_HEARTBEAT && datagram.length() == HEARTBEAT_FIXED_BYTES + idLen) {
      return type;
    }
    if (type == TYPE_REJOIN && datagram.length() == 5 + idLen) {
      return type;
    }
    return -1;
  }

  /** The node id of a datagram that passed {@link #typeOf}. */
  public static String nodeIdOf(Buffer datagram) {
    int idLen = datagram.getUnsignedByte(4);
    return datagram.getString(5, 5 + idLen, "UTF-8");
  }

  /**
   * The heartbeat in a datagram that passed {@link #typeOf} as TYPE_HEARTBEAT, or null if its
   * HMAC does not verify with {@code key}.
   */
  public static Heartbeat verify(Buffer datagram, byte[] key) {
    int macAt = datagram.length() - MAC_BYTES;
    byte[] expected = mac(key, datagram.getBytes(0, macAt));
    if (!MessageDigest.isEqual(expected, datagram.getBytes(macAt, datagram.length()))) {
      return null;
    }
    int idLen = datagram.getUnsignedByte(4);
    int at = 5 + idLen;
    return new Heartbeat(nodeIdOf(datagram), datagram.getLong(at), datagram.getLong(at + 8),
        datagram.getLong(at + 16), datagram.getInt(at + 24), datagram.getLong(at + 28));
  }

  private static byte[] mac(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
