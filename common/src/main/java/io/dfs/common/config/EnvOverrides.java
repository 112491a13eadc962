package io.dfs.common.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Environment variables laid over a server's config file. Every key of the config record, nested
 * ones included, has one variable: the server's prefix, then the key's path in upper snake case,
 * a nested key's parts joined by {@code _}. With prefix {@code DFS_META_}, {@code heartbeatInterval}
 * is {@code DFS_META_HEARTBEAT_INTERVAL} and {@code tls.cert} is {@code DFS_META_TLS_CERT}.
 *
 * <p>A value is read as its key's type: whole numbers, {@code true}/{@code false}, durations
 * ({@code 2s}), lists as comma-separated items. A variable with the prefix that names no key
 * fails the load, so a misspelt override cannot go unnoticed; {@code <prefix>JAVA_OPTS} is left
 * to the start scripts, which pass JVM flags in it.
 */
final class EnvOverrides {
  /** The variable the scripts own under every server prefix. */
  static final String RESERVED_SUFFIX = "JAVA_OPTS";

  private final String prefix;
  private final Map<String, Key> byVariable;

  /** A key of the config: its dotted path and the Java type its value binds to. */
  record Key(String path, Type type) {}

  private EnvOverrides(String prefix, Map<String, Key> byVariable) {
    this.prefix = prefix;
    this.byVariable = byVariable;
  }

  /**
   * The variables of config record {@code type} under {@code prefix}.
   *
   * @throws IllegalStateException if two keys would share a variable, or a key has a type no
   *     variable can be read as: the record is wrong, not the environment
   */
  static EnvOverrides of(String prefix, Class<? extends Record> type) {
    Map<String, Key> byVariable = new LinkedHashMap<>();
    collect(prefix, "", type, byVariable);
    return new EnvOverrides(prefix, byVariable);
  }

  /** Every variable this server reads, each with the key it sets, in the record's order. */
  Map<String, Key> variables() {
    return byVariable;
  }

  /**
   * Sets in {@code tree} every key whose variable {@code env} holds, creating nested objects as
   * needed, and answers which variable set which key path.
   *
   * @throws ConfigException naming the variable (and its key) whose value is not of the key's
   *     type, or every variable with the prefix that names no key
   */
  Map<String, String> apply(ObjectNode tree, Map<String, String> env) {
    TreeSet<String> unknown = new TreeSet<>();
    Map<String, String> setBy = new LinkedHashMap<>();
    // In name order, so that of several bad variables the same one is reported every time.
    for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
      String variable = e.getKey();
      if (!variable.startsWith(prefix) || variable.equals(prefix + RESERVED_SUFFIX)) {
        continue;
      }
      Key key = byVariable.get(variable);
      if (key == null) {
        unknown.add(variable);
        continue;
      }
      JsonNode value;
      try {
        value = parse(e.getValue(), key.type());
      } catch (IllegalArgumentException bad) {
        throw new ConfigException(variable + " (key '" + key.path() + "'): " + bad.getMessage());
      }
      put(tree, key.path(), value);
      setBy.put(key.path(), variable);
    }
    if (!unknown.isEmpty()) {
      throw new ConfigException(String.join(", ", unknown) + (unknown.size() == 1 ? " names" : " name")
          + " no config key; a key's variable is " + prefix + " and the key in upper snake case, e.g. "
          + byVariable.keySet().iterator().next());
    }
    return setBy;
  }

  /** {@code heartbeatInterval} → {@code HEARTBEAT_INTERVAL}; {@code tls.cert} → {@code TLS_CERT}. */
  static String upperSnake(String path) {
    StringBuilder out = new StringBuilder(path.length() + 8);
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '.') {
        out.append('_');
      } else if (Character.isUpperCase(c) && i > 0 && !Character.isUpperCase(path.charAt(i - 1))
          && path.charAt(i - 1) != '.') {
        out.append('_').append(c);
      } else {
        out.append(Character.toUpperCase(c));
      }
    }
    return out.toString();
  }

  private static void collect(String prefix, String parent, Class<?> type, Map<String, Key> into) {
    for (RecordComponent component : type.getRecordComponents()) {
      String path = parent + component.getName();
      if (component.getType().isRecord()) {
        collect(prefix, path + ".", component.getType(), into);
        continue;
      }
      requireReadable(path, component.getGenericType());
      String variable = prefix + upperSnake(path);
      Key clash = into.put(variable, new Key(path, component.getGenericType()));
      if (clash != null || variable.equals(prefix + RESERVED_SUFFIX)) {
        throw new IllegalStateException("config key '" + path + "' has variable " + variable + ", which is taken");
      }
    }
  }

  private static void requireReadable(String path, Type type) {
    Type item = type instanceof ParameterizedType list && list.getRawType() == List.class
        ? list.getActualTypeArguments()[0] : type;
    if (!(item == String.class || item == Integer.class || item == Long.class || item == Boolean.class
        || item == Duration.class)) {
      throw new IllegalStateException("config key '" + path + "' has type " + type + ", which no variable can set");
    }
  }

  private static JsonNode parse(String text, Type type) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    if (type instanceof ParameterizedType list) {
      ArrayNode items = nodes.arrayNode();
      if (!text.isBlank()) {
        for (String item : text.split(",", -1)) {
          items.add(parse(item.trim(), list.getActualTypeArguments()[0]));
        }
      }
      return items;
    }
    String t = text.trim();
    if (type == Integer.class) {
      return nodes.numberNode(wholeNumber(t, Integer.MIN_VALUE, Integer.MAX_VALUE).intValue());
    }
    if (type == Long.class) {
      return nodes.numberNode(wholeNumber(t, Long.MIN_VALUE, Long.MAX_VALUE));
    }
    if (type == Boolean.class) {
      if (t.equalsIgnoreCase("true") || t.equalsIgnoreCase("false")) {
        return nodes.booleanNode(Boolean.parseBoolean(t));
      }
      throw new IllegalArgumentException("'" + text + "' is not true or false");
    }
    if (type == Duration.class) {
      ConfigLoader.parseDuration(t);
      return nodes.textNode(t);
    }
    return nodes.textNode(text);
  }

  private static Long wholeNumber(String text, long min, long max) {
    try {
      long n = Long.parseLong(text);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // Reported below, with the range.
    }
    throw new IllegalArgumentException("'" + text + "' is not a whole number from " + min + " to " + max);
  }

  private static void put(ObjectNode tree, String path, JsonNode value) {
    String[] parts = path.split("\\.");
    ObjectNode node = tree;
    for (int i = 0; i < parts.length - 1; i++) {
      JsonNode child = node.get(parts[i]);
      node = child instanceof ObjectNode object ? object : node.putObject(parts[i]);
    }
    node.set(parts[parts.length - 1], value);
  }
}
