package io.dfs.cli.command;

import io.dfs.common.config.ClientConfig;
import io.dfs.common.config.ConfigException;
import io.dfs.common.config.ConfigLoader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Finds the client config: {@code --config FILE} must exist; otherwise {@code $DFS_CONFIG} when set,
 * else {@code configs/client.json} (relative to the working directory), and when that default file
 * does not exist, the built-in defaults (a local cluster on 127.0.0.1).
 */
final class ConfigLocator {
  static final Path DEFAULT_FILE = Path.of("configs", "client.json");

  private ConfigLocator() {}

  static ClientConfig load(Path explicit, Map<String, String> env) {
    if (explicit != null) {
      if (!Files.exists(explicit)) {
        throw new ConfigException("config file " + explicit + " does not exist");
      }
      return checked(explicit, ConfigLoader.load(explicit, ClientConfig.class));
    }
    String fromEnv = env.get("DFS_CONFIG");
    Path file = fromEnv != null && !fromEnv.isBlank() ? Path.of(fromEnv) : DEFAULT_FILE;
    if (!Files.exists(file)) {
      return ClientConfig.defaults();
    }
    return checked(file, ConfigLoader.load(file, ClientConfig.class));
  }

  private static ClientConfig checked(Path file, ClientConfig config) {
    requireHttpUrl(file, "authUrl", config.authUrl());
    requireHttpUrl(file, "metaUrl", config.metaUrl());
    return config;
  }

  private static void requireHttpUrl(Path file, String key, String value) {
    try {
      URI uri = new URI(value);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
        return;
      }
    } catch (java.net.URISyntaxException e) {
      // Reported below like any other unusable value.
    }
    throw new ConfigException(file + ": '" + key + "' must be an http:// or https:// URL, not '" + value + "'");
  }
}
