package io.dfs.common.config;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvOverridesTest {
  @Test
  void keysBecomeUpperSnakeCaseUnderTheServersPrefix() {
    assertEquals("HEARTBEAT_INTERVAL", EnvOverrides.upperSnake("heartbeatInterval"));
    assertEquals("TLS_CERT", EnvOverrides.upperSnake("tls.cert"));
    assertEquals("REPLICATION_BYTES_PER_SECOND", EnvOverrides.upperSnake("replicationBytesPerSecond"));
    assertEquals("PORT", EnvOverrides.upperSnake("port"));

    Map<String, EnvOverrides.Key> meta = EnvOverrides.of(MetaConfig.ENV_PREFIX, MetaConfig.class).variables();
    assertEquals("heartbeatInterval", meta.get("DFS_META_HEARTBEAT_INTERVAL").path());
    assertEquals(Duration.class, meta.get("DFS_META_HEARTBEAT_INTERVAL").type());
    assertEquals("tls.ca", meta.get("DFS_META_TLS_CA").path());
    assertEquals("logLevel", meta.get("DFS_META_LOG_LEVEL").path());
    assertFalse(meta.containsKey("DFS_META_TLS"), "a nested record has variables for its keys, not itself");
  }

  @Test
  void everyKeyOfEveryServerHasItsOwnVariable() {
    assertVariablePerKey(AuthConfig.ENV_PREFIX, AuthConfig.class);
    assertVariablePerKey(MetaConfig.ENV_PREFIX, MetaConfig.class);
    assertVariablePerKey(DatanodeConfig.ENV_PREFIX, DatanodeConfig.class);
    assertFalse(EnvOverrides.of(DatanodeConfig.ENV_PREFIX, DatanodeConfig.class).variables()
        .containsKey("DFS_DATANODE_JAVA_OPTS"), "the scripts' JVM flags are no key");
  }

  private static void assertVariablePerKey(String prefix, Class<? extends Record> type) {
    Map<String, EnvOverrides.Key> variables = EnvOverrides.of(prefix, type).variables();
    int keys = type.getRecordComponents().length - 1 + TlsConfig.class.getRecordComponents().length;
    assertEquals(keys, variables.size(), type.getSimpleName() + ": " + variables.keySet());
    variables.keySet().forEach(v -> assertTrue(v.matches(prefix + "[A-Z0-9_]+"), v));
  }

  record WithList(List<Integer> sizes, List<String> names) {}

  @Test
  void listsAreCommaSeparatedItemsOfTheirType() {
    EnvOverrides lists = EnvOverrides.of("T_", WithList.class);
    var tree = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    lists.apply(tree, Map.of("T_SIZES", "1, 2,3", "T_NAMES", ""));
    assertEquals("[1,2,3]", tree.get("sizes").toString());
    assertEquals("[]", tree.get("names").toString());

    ConfigException e = assertThrows(ConfigException.class, () -> lists.apply(tree, Map.of("T_SIZES", "1,x")));
    assertTrue(e.getMessage().startsWith("T_SIZES (key 'sizes'): 'x' is not a whole number"), e.getMessage());
  }

  record Clashing(String tlsCa, TlsConfig tls) {}

  record Unreadable(Map<String, String> labels) {}

  @Test
  void aRecordNoVariableCanServeIsAProgrammingError() {
    assertThrows(IllegalStateException.class, () -> EnvOverrides.of("T_", Clashing.class));
    assertThrows(IllegalStateException.class, () -> EnvOverrides.of("T_", Unreadable.class));
  }
}
