package io.dfs.datanode.store;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node id in {@code <dataDir>/node.json} ({@code {"nodeId"}}): chosen once, on first start,
 * from the configured node name or at random ({@code dn-} and 8 hex digits), and kept for good so
 * a restarted node is the same node to meta.
 */
public final class NodeIdentity {
  private static final Logger LOG = LoggerFactory.getLogger(NodeIdentity.class);
  /** Node ids travel in heartbeats, logs and file names: short, lower-case, no separators. */
  public static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

  private NodeIdentity() {}

  /**
   * Reads node.json, or creates it from {@code wanted} (or a random id) on first start. Blocking.
   *
   * @throws IllegalArgumentException if the id is not valid
   */
  public static String loadOrCreate(Path dataDir, String wanted) throws IOException {
    Path file = dataDir.resolve("node.json");
    if (Files.exists(file)) {
      String id;
      try {
        id = new JsonObject(Files.readString(file, StandardCharsets.UTF_8)).getString("nodeId");
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(file + " is not valid JSON with a string 'nodeId'");
      }
      if (wanted != null && !wanted.equals(id)) {
        LOG.warn("event=node_name_ignored nodeName={} nodeId={} reason=\"node.json already names this node\"",
            wanted, id);
      }
      return require(id);
    }
    String id = require(wanted != null ? wanted : randomId());
    Files.createDirectories(dataDir);
    Path tmp = dataDir.resolve("node.json.tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ch.write(ByteBuffer.wrap(new JsonObject().put("nodeId", id).encodePrettily().getBytes(StandardCharsets.UTF_8)));
      ch.force(true);
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    return id;
  }

  private static String randomId() {
    byte[] raw = new byte[4];
    new SecureRandom().nextBytes(raw);
    return "dn-" + HexFormat.of().formatHex(raw);
  }

  private static String require(String id) {
    if (id == null || !VALID.matcher(id).matches()) {
      throw new IllegalArgumentException("node id must match " + VALID + ", not '" + id + "'");
    }
    return id;
  }
}
