package io.dfs.cli.command;

import static org.junit.jupiter.api.Assertions.*;

import io.dfs.common.config.ClientConfig;
import io.dfs.common.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLocatorTest {
  @TempDir Path dir;

  @Test
  void anExplicitFileWinsAndMustExist() throws Exception {
    Path file = Files.writeString(dir.resolve("c.json"), "{\"metaUrl\":\"http://meta:7100\",\"ioTimeout\":\"10s\"}");
    Path other = Files.writeString(dir.resolve("other.json"), "{\"metaUrl\":\"http://other:7100\"}");

    ClientConfig config = ConfigLocator.load(file, Map.of("DFS_CONFIG", other.toString()));

    assertEquals("http://meta:7100", config.metaUrl());
    assertEquals(Duration.ofSeconds(10), config.ioTimeout());
    assertEquals(ClientConfig.DEFAULT_AUTH_URL, config.authUrl());
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLocator.load(dir.resolve("missing.json"), Map.of()));
    assertEquals("config file " + dir.resolve("missing.json") + " does not exist", e.getMessage());
  }

  @Test
  void theEnvironmentNamesTheDefaultFile() throws Exception {
    Path file = Files.writeString(dir.resolve("c.json"), "{\"parallelism\":3}");
    assertEquals(3, ConfigLocator.load(null, Map.of("DFS_CONFIG", file.toString())).parallelism());
  }

  @Test
  void aMissingDefaultFileMeansBuiltInDefaults() {
    assertEquals(ClientConfig.defaults(), ConfigLocator.load(null, Map.of("DFS_CONFIG", dir.resolve("none.json").toString())));
  }

  @Test
  void urlsMustBeHttp() throws Exception {
    Path file = Files.writeString(dir.resolve("c.json"), "{\"metaUrl\":\"127.0.0.1:7100\"}");
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLocator.load(file, Map.of()));
    assertEquals(file + ": 'metaUrl' must be an http:// or https:// URL, not '127.0.0.1:7100'", e.getMessage());
  }
}
