package io.dfs.datanode.store;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** The node id in {@code <dataDir>/node.json}: chosen once, on first start, and kept for good. */
public final class NodeIdentity {
  private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

  private NodeIdentity() {}

  /** Reads node.json, or creates it from {@code wanted} (or a random id) on first start. Blocking. */
  public static String loadOrCreate(Path dataDir, String wanted) throws IOException {
    Path file = dataDir.resolve("node.json");
    if (Files.exists(file)) {
      String id = new JsonObject(Files.readString(file, StandardCharsets.UTF_8)).getString("nodeId");
      return require(id);
    }
    byte[] raw = new byte[4];
    new SecureRandom().nextBytes(raw);
    String id = require(wanted != null ? wanted : "dn-" + HexFormat.of().formatHex(raw));
    Files.createDirectories(dataDir);
    Path tmp = dataDir.resolve("node.json.tmp");
    Files.writeString(tmp, new JsonObject().put("nodeId", id).encodePrettily());
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    return id;
  }

  private static String require(String id) {
    if (id == null || !VALID.matcher(id).matches()) {
      throw new IllegalArgumentException("node id must match " + VALID + ": " + id);
    }
    return id;
  }
}
