package io.dfs.datanode.testsupport;

import io.dfs.common.config.ConfigLoader;
import io.dfs.common.config.DatanodeConfig;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Data node configs for tests: free ports, a data directory with its secret, auth and meta given. */
public final class TestNodes {
  private TestNodes() {}

  /**
   * The config of node {@code name} in {@code data} (created, with a secret file), with
   * {@code extra} keys merged over the basics.
   */
  public static DatanodeConfig config(Path data, String name, String authUrl, String metaUrl, JsonObject extra)
      throws IOException {
    Files.createDirectories(data);
    Files.writeString(data.resolve("secret"), "s3cret\n");
    JsonObject conf = new JsonObject().put("port", 0).put("httpPort", 0).put("dataDir", data.toString())
        .put("nodeName", name).put("serviceAccount", name).put("secretFile", data.resolve("secret").toString())
        .put("authUrl", authUrl).put("metaUrl", metaUrl).mergeIn(extra);
    return ConfigLoader.fromJson(conf.encode(), DatanodeConfig.class);
  }
}
