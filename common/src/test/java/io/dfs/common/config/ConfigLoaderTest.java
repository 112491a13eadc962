package io.dfs.common.config;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  private static final String META_REQUIRED = "{\"dataDir\":\"/d\",\"authUrl\":\"http://a\",\"secretFile\":\"s\"}";

  @TempDir Path dir;

  private Path write(String json) throws Exception {
    return write("c.json", json);
  }

  private Path write(String name, String text) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  private static MetaConfig meta(Path file, Map<String, String> env) {
    return ConfigLoader.load(file, MetaConfig.class, MetaConfig.ENV_PREFIX, env);
  }

  @Test
  void defaultsAndDurations() throws Exception {
    MetaConfig c = ConfigLoader.load(write("{\"dataDir\":\"/d\",\"authUrl\":\"http://a\",\"secretFile\":\"s\","
        + "\"heartbeatInterval\":\"200ms\",\"pendingExpiry\":\"2h\"}"), MetaConfig.class);
    assertEquals(7100, c.clientPort());
    assertEquals(Duration.ofMillis(200), c.heartbeatInterval());
    assertEquals(Duration.ofHours(2), c.pendingExpiry());
    assertEquals(100 * 1024, c.minBlockBytes());
    assertNull(c.logLevel());
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
    e = assertThrows(ConfigException.class, () -> ConfigLoader.load(write("{\"dataDir\":\"/d\",\"logLevel\":\"loud\"}"), AuthConfig.class));
    assertTrue(e.getMessage().contains("'logLevel' must be one of TRACE, DEBUG, INFO, WARN, ERROR, OFF"), e.getMessage());
  }

  @Test
  void nestedKeysAreNamedByTheirPath() throws Exception {
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(
        write("{\"dataDir\":\"/d\",\"tls\":{\"ca\":\"ca.pem\",\"certFile\":\"c.pem\"}}"), AuthConfig.class));
    assertTrue(e.getMessage().endsWith("unknown key 'tls.certFile'"), e.getMessage());
    e = assertThrows(ConfigException.class, () -> ConfigLoader.load(
        write("{\"dataDir\":\"/d\",\"tls\":{\"ca\":[1]}}"), AuthConfig.class));
    assertTrue(e.getMessage().contains("bad value for 'tls.ca'"), e.getMessage());
  }

  @Test
  void yamlFilesAreReadAsYamlWithTheSameRefusals() throws Exception {
    String yaml = """
        # meta on other ports
        dataDir: /d
        authUrl: http://a
        secretFile: s
        clientPort: 8100
        heartbeatInterval: 250ms
        syncWrites: false
        logLevel: debug
        tls:
          ca: ca.pem
          cert: meta.pem
          key: meta.key
        """;
    for (String name : new String[] {"meta.yaml", "meta.yml", "META.YML"}) {
      MetaConfig c = ConfigLoader.load(write(name, yaml), MetaConfig.class);
      assertEquals(8100, c.clientPort());
      assertEquals(Duration.ofMillis(250), c.heartbeatInterval());
      assertFalse(c.syncWrites());
      assertEquals("DEBUG", c.logLevel());
      assertEquals(new TlsConfig("ca.pem", "meta.pem", "meta.key"), c.tls());
    }

    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(write("a.yaml", "dataDir: /d\nprot: 1\n"), AuthConfig.class));
    assertTrue(e.getMessage().endsWith("a.yaml: unknown key 'prot'"), e.getMessage());
    e = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(write("a.yaml", "dataDir: /d\ntls:\n  ca: x\n  crt: y\n"), AuthConfig.class));
    assertTrue(e.getMessage().endsWith("unknown key 'tls.crt'"), e.getMessage());
    e = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(write("a.yaml", "dataDir: /d\nport: many\n"), AuthConfig.class));
    assertTrue(e.getMessage().contains("bad value for 'port'"), e.getMessage());
    e = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(write("a.yaml", "dataDir: /d\nport: 1\nport: 2\n"), AuthConfig.class));
    assertTrue(e.getMessage().endsWith("duplicate key 'port'"), e.getMessage());
    e = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(write("a.yaml", "dataDir: /d\nport: [1\n"), AuthConfig.class));
    assertTrue(e.getMessage().startsWith(dir.resolve("a.yaml") + ": not valid YAML at line"), e.getMessage());
    e = assertThrows(ConfigException.class, () -> ConfigLoader.load(write("a.yaml", "- dataDir\n"), AuthConfig.class));
    assertTrue(e.getMessage().endsWith("the config must be an object of keys and values"), e.getMessage());
  }

  @Test
  void otherNamesAreReadAsJson() throws Exception {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(write("meta.conf", "dataDir: /d\n"), AuthConfig.class));
    assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
    e = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(write("{\"dataDir\":\"/d\",\"port\":1,\"port\":2}"), AuthConfig.class));
    assertTrue(e.getMessage().endsWith("duplicate key 'port'"), e.getMessage());
    e = assertThrows(ConfigException.class, () -> ConfigLoader.load(dir.resolve("none.json"), AuthConfig.class));
    assertTrue(e.getMessage().endsWith("none.json: no such file"), e.getMessage());
  }

  @Test
  void environmentOverridesTheFileKeyByKey() throws Exception {
    Path file = write("{\"dataDir\":\"/d\",\"authUrl\":\"http://a\",\"secretFile\":\"s\",\"clientPort\":7100,"
        + "\"heartbeatInterval\":\"1s\",\"tls\":{\"ca\":\"ca.pem\"}}");
    MetaConfig c = meta(file, Map.of(
        "DFS_META_CLIENT_PORT", "8100",
        "DFS_META_HEARTBEAT_INTERVAL", "2s",
        "DFS_META_SYNC_WRITES", "FALSE",
        "DFS_META_MAX_FILE_BYTES", "1099511627777",
        "DFS_META_LOG_LEVEL", "warn",
        "DFS_META_TLS_CERT", "meta.pem",
        "DFS_META_TLS_KEY", "meta.key",
        "DFS_DATANODE_PORT", "not meta's",
        "HOME", "/root"));
    assertEquals(8100, c.clientPort());
    assertEquals(Duration.ofSeconds(2), c.heartbeatInterval());
    assertFalse(c.syncWrites());
    assertEquals(1099511627777L, c.maxFileBytes());
    assertEquals("WARN", c.logLevel());
    assertEquals(new TlsConfig("ca.pem", "meta.pem", "meta.key"), c.tls(), "nested keys merge with the file's");
    assertEquals("http://a", c.authUrl(), "keys without a variable keep the file's value");
  }

  @Test
  void aKeyMayComeFromTheEnvironmentAlone() throws Exception {
    Path file = write("meta.yaml", "dataDir: /d\n");
    MetaConfig c = meta(file, Map.of("DFS_META_AUTH_URL", "http://auth", "DFS_META_SECRET_FILE", "/s",
        "DFS_META_TLS_CA", "ca.pem"));
    assertEquals("http://auth", c.authUrl());
    assertEquals("/s", c.secretFile());
    assertEquals(new TlsConfig("ca.pem", null, null), c.tls());
  }

  @Test
  void badOverridesAreRefusedNamingTheVariableAndTheKey() throws Exception {
    Path file = write(META_REQUIRED);
    String[][] cases = {
        {"DFS_META_HEARTBEAT_INTERVAL", "soon", "DFS_META_HEARTBEAT_INTERVAL (key 'heartbeatInterval'): 'soon' is not a duration"},
        {"DFS_META_CLIENT_PORT", "71o0", "DFS_META_CLIENT_PORT (key 'clientPort'): '71o0' is not a whole number"},
        {"DFS_META_REPLICATION", "3000000000", "DFS_META_REPLICATION (key 'replication'): '3000000000' is not a whole number"},
        {"DFS_META_SYNC_WRITES", "yes", "DFS_META_SYNC_WRITES (key 'syncWrites'): 'yes' is not true or false"},
        {"DFS_META_CLIENT_PORT", "70000", "'clientPort' must be a port number 0..65535, not 70000 (set by DFS_META_CLIENT_PORT)"},
        {"DFS_META_LOG_LEVEL", "loud", "'logLevel' must be one of TRACE, DEBUG, INFO, WARN, ERROR, OFF, not 'loud' (set by DFS_META_LOG_LEVEL)"},
        {"DFS_META_TLS_CERT", "c.pem", "'tls.ca' is required"}};
    for (String[] c : cases) {
      ConfigException e = assertThrows(ConfigException.class, () -> meta(file, Map.of(c[0], c[1])), c[0]);
      assertTrue(e.getMessage().contains(c[2]), e.getMessage());
      assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }
  }

  @Test
  void aVariableWithTheServersPrefixThatNamesNoKeyIsRefused() throws Exception {
    Path file = write(META_REQUIRED);
    ConfigException e = assertThrows(ConfigException.class,
        () -> meta(file, Map.of("DFS_META_HEARTBEAT_INTERVL", "2s", "DFS_META_TLS_CERT_FILE", "c.pem")));
    assertTrue(e.getMessage().startsWith("DFS_META_HEARTBEAT_INTERVL, DFS_META_TLS_CERT_FILE name no config key"),
        e.getMessage());
  }

  @Test
  void theScriptsVariablesAreNoKeysAndAreLeftAlone() throws Exception {
    Path file = write(META_REQUIRED);
    Map<String, String> scripts = Map.of("DFS_DATANODE_JAVA_OPTS", "-Xmx512m", "DFS_SERVER_JAVA_OPTS", "-Xmx512m",
        "DFS_META_JAVA_OPTS", "-Xmx1g", "DFS_HOME", "/h", "DFS_LOCAL_DIR", ".dfs", "DFS_PORT_OFFSET", "1000",
        "DFS_CONFIG", "c.json", "DFS_JAVA_OPTS", "-Xmx256m", "DFS_LOG_LEVEL", "debug");
    assertEquals(meta(file, Map.of()), meta(file, scripts));
    Path node = write("{\"dataDir\":\"/d\",\"serviceAccount\":\"n\",\"secretFile\":\"s\",\"authUrl\":\"a\","
        + "\"metaUrl\":\"m\"}");
    assertEquals(7201, ConfigLoader.load(node, DatanodeConfig.class, DatanodeConfig.ENV_PREFIX, scripts).port());
    Path auth = write("{\"dataDir\":\"/d\"}");
    assertEquals(7000, ConfigLoader.load(auth, AuthConfig.class, AuthConfig.ENV_PREFIX, scripts).port());
  }
}
