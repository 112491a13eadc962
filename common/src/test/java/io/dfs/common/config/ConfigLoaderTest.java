package io.dfs.common.config;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  private Path write(String json) throws Exception {
    Path p = dir.resolve("c.json");
    Files.writeString(p, json);
    return p;
  }

  @Test
  void defaultsAndDurations() throws Exception {
    MetaConfig c = ConfigLoader.load(write("{\"dataDir\":\"/d\",\"authUrl\":\"http://a\",\"secretFile\":\"s\","
        + "\"heartbeatInterval\":\"200ms\",\"pendingExpiry\":\"2h\"}"), MetaConfig.class);
    assertEquals(7100, c.clientPort());
    assertEquals(Duration.ofMillis(200), c.heartbeatInterval());
    assertEquals(Duration.ofHours(2), c.pendingExpiry());
    assertEquals(100 * 1024, c.minBlockBytes());
    assertEquals(c, ConfigLoader.fromJson(ConfigLoader.toJson(c), MetaConfig.class));
  }

  @Test
  void unknownKeyIsNamed() throws Exception {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(write("{\"dataDir\":\"/d\",\"prot\":1}"), AuthConfig.class));
    assertTrue(e.getMessage().contains("'prot'"), e.getMessage());
  }

  @Test
  void badValuesAreNamed() throws Exception {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(write("{\"dataDir\":\"/d\",\"port\":\"x\"}"), AuthConfig.class));
    assertTrue(e.getMessage().contains("'port'"), e.getMessage());
    e = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(write("{\"dataDir\":\"/d\",\"port\":70000}"), AuthConfig.class));
    assertTrue(e.getMessage().contains("'port'"), e.getMessage());
    e = assertThrows(ConfigException.class, () -> ConfigLoader.load(write("{}"), AuthConfig.class));
    assertTrue(e.getMessage().contains("'dataDir'"), e.getMessage());
    e = assertThrows(ConfigException.class, () -> ConfigLoader.load(write(
        "{\"dataDir\":\"/d\",\"authUrl\":\"a\",\"secretFile\":\"s\",\"replication\":2,\"minReplicas\":3}"), MetaConfig.class));
    assertTrue(e.getMessage().contains("'minReplicas'"), e.getMessage());
    e = assertThrows(ConfigException.class, () -> ConfigLoader.load(write("{\"dataDir\":\"/d\",\"tokenTtl\":\"soon\"}"), AuthConfig.class));
    assertTrue(e.getMessage().contains("'tokenTtl'"), e.getMessage());
  }
}
