package io.dfs.common.wire;

/**
 * The block protocol spoken between clients and data nodes and between data nodes.
 *
 * <p>Transport: TCP (optionally TLS). Every message is a frame:
 *
 * <pre>
 *   u32 length   big-endian, bytes of payload only (0 is allowed)
 *   u8  type     one of the TYPE_* codes below
 *   payload      length bytes
 * </pre>
 *
 * Header payloads (PUT_BLOCK, GET_BLOCK, REPLICATE, DELETE_BLOCKS, ACK, ERROR) are small UTF-8 JSON
 * objects of at most {@link #MAX_HEADER_BYTES}. A DATA payload is at most {@link #MAX_DATA_BYTES}
 * bytes of block data followed by the CRC32C (u32, big-endian) of those bytes. A reader checks the
 * length of every frame against the bound for its type before it buffers a byte of the payload;
 * a frame over its bound, or of an unknown type, is answered with an ERROR frame and the connection
 * is closed, since the stream can no longer be trusted.
 *
 * <p>A connection carries any number of requests one after another; each request is answered
 * before the next one is read. Requests:
 *
 * <ul>
 *   <li>PUT_BLOCK, then DATA frames whose bytes add up to exactly {@code length}, then END. The
 *       receiver writes a temp file, pipes the same frames to the next node of {@code pipeline}
 *       (if any), checks the whole-block CRC32C, fsyncs, renames into place, waits for the
 *       downstream ACK, and answers ACK {@code {"blockId","length","crc32c","nodes":[..]}} listing
 *       every node that has the block durably, itself first. Otherwise ERROR.
 *   <li>GET_BLOCK: answered by ACK {@code {"blockId","offset","length","crc32c"}} ({@code crc32c} of
 *       the whole stored block), then DATA frames carrying exactly {@code length} bytes, then END;
 *       or by ERROR. An ERROR may also come in place of a DATA frame if the stored bytes fail their
 *       checksum mid-stream.
 *   <li>DELETE_BLOCKS: answered by ACK {@code {"deleted": n}}. Unknown ids are not an error.
 *   <li>REPLICATE: answered by ACK once the targets hold the block, or ERROR.
 * </ul>
 */
public final class BlockProtocol {
  /** Bumped on any incompatible change; sent as {@code "v"} in request headers. */
  public static final int VERSION = 1;

  /** Request: store a block. Payload {@code {"blockId","length","crc32c","auth","blockToken","pipeline":[{"node","host","port"}]}}. */
  public static final byte TYPE_PUT_BLOCK = 1;
  /** Request: read a block range. Payload {@code {"blockId","offset","length","auth","blockToken"}}. */
  public static final byte TYPE_GET_BLOCK = 2;
  /** Request: copy a stored block to other nodes. Payload {@code {"blockId","targets":[{"node","host","port"}],"auth"}}. */
  public static final byte TYPE_REPLICATE = 3;
  /** Request: delete blocks. Payload {@code {"blockIds":[...],"auth"}}. */
  public static final byte TYPE_DELETE_BLOCKS = 4;
  /** Block bytes followed by the CRC32C (u32) of those bytes. */
  public static final byte TYPE_DATA = 16;
  /** End of a block's DATA frames; empty payload. */
  public static final byte TYPE_END = 17;
  /** Success; JSON payload described per request above. */
  public static final byte TYPE_ACK = 32;
  /** Failure; payload {@code {"code","message"}} with a code from {@code ErrorCode}'s wire names. */
  public static final byte TYPE_ERROR = 33;

  /** Bytes of the frame prefix: u32 length and u8 type. */
  public static final int PREFIX_BYTES = 5;
  /** Largest JSON header payload. */
  public static final int MAX_HEADER_BYTES = 16 * 1024;
  /** Largest number of block bytes in one DATA frame; also the checksum chunk size on disk. */
  public static final int MAX_DATA_BYTES = 64 * 1024;
  /** Largest DATA payload: the bytes and their CRC32C. */
  public static final int MAX_DATA_PAYLOAD = MAX_DATA_BYTES + 4;

  private BlockProtocol() {}

  /** The largest payload a frame of this type may declare, or -1 for a type this version does not know. */
  public static int maxPayload(byte type) {
    return switch (type) {
      case TYPE_PUT_BLOCK, TYPE_GET_BLOCK, TYPE_REPLICATE, TYPE_DELETE_BLOCKS, TYPE_ACK, TYPE_ERROR ->
          MAX_HEADER_BYTES;
      case TYPE_DATA -> MAX_DATA_PAYLOAD;
      case TYPE_END -> 0;
      default -> -1;
    };
  }

  public static String typeName(byte type) {
    return switch (type) {
      case TYPE_PUT_BLOCK -> "PUT_BLOCK";
      case TYPE_GET_BLOCK -> "GET_BLOCK";
      case TYPE_REPLICATE -> "REPLICATE";
      case TYPE_DELETE_BLOCKS -> "DELETE_BLOCKS";
      case TYPE_DATA -> "DATA";
      case TYPE_END -> "END";
      case TYPE_ACK -> "ACK";
      case TYPE_ERROR -> "ERROR";
      default -> "UNKNOWN(" + (type & 0xff) + ")";
    };
  }
}
