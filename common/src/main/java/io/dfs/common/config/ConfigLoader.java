package io.dfs.common.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads a config record from a file: YAML if its name ends in {@code .yaml} or {@code .yml}, JSON
 * otherwise. A server's load then lays its environment variables over the file
 * ({@link EnvOverrides}). Unknown keys, duplicate keys and bad values fail the load with the key
 * named (a nested one by its path, {@code tls.ca}) and, for a value from the environment, the
 * variable too, so a typo stops the server at start instead of being silently ignored.
 */
public final class ConfigLoader {
  private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '([^']*)'");
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
  private static final SimpleModule DURATIONS = new SimpleModule("dfs-config")
      .addDeserializer(Duration.class, new DurationDeserializer())
      .addSerializer(Duration.class, new DurationSerializer());
  private static final ObjectMapper MAPPER = strict(new ObjectMapper());
  private static final ObjectMapper YAML = strict(new YAMLMapper());

  private ConfigLoader() {}

  private static ObjectMapper strict(ObjectMapper mapper) {
    return mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
        .registerModule(DURATIONS);
  }

  /** A config from {@code file} alone. */
  public static <T> T load(Path file, Class<T> type) {
    return bind(read(file), type, file.toString(), Map.of());
  }

  /**
   * A server's config: {@code file}, then every variable of {@code env} named {@code envPrefix}
   * and a key in upper snake case over it ({@link EnvOverrides}). A key may come from the
   * environment alone.
   *
   * @param envPrefix the server's variables' prefix, e.g. {@link MetaConfig#ENV_PREFIX}
   * @param env the environment, {@link System#getenv()} in a server
   */
  public static <T extends Record> T load(Path file, Class<T> type, String envPrefix, Map<String, String> env) {
    ObjectNode tree = read(file);
    Map<String, String> setBy = EnvOverrides.of(envPrefix, type).apply(tree, env);
    return bind(tree, type, file.toString(), setBy);
  }

  /** Builds a config record from a JSON string; used by tests and by the in-process cluster. */
  public static <T> T fromJson(String json, Class<T> type) {
    try {
      return bind(object(MAPPER.readTree(json), "config"), type, "config", Map.of());
    } catch (IOException e) {
      throw new ConfigException("bad config: " + firstLine(e.getMessage()));
    }
  }

  public static String toJson(Object config) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(config);
    } catch (IOException e) {
      throw new ConfigException("cannot write config: " + e.getMessage());
    }
  }

  private static ObjectNode read(Path file) {
    String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
    ObjectMapper mapper = name.endsWith(".yaml") || name.endsWith(".yml") ? YAML : MAPPER;
    try {
      return object(mapper.readTree(Files.readAllBytes(file)), file.toString());
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
      String dup = duplicateKey(e);
      throw new ConfigException(file + ": " + (dup != null ? "duplicate key '" + dup + "'"
          : "not valid " + (mapper == YAML ? "YAML" : "JSON") + where + ": " + firstLine(e.getOriginalMessage())));
    } catch (NoSuchFileException e) {
      throw new ConfigException(file + ": no such file");
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read config: " + firstLine(e.getMessage()));
    }
  }

  private static ObjectNode object(JsonNode tree, String source) {
    if (tree instanceof ObjectNode object) {
      return object;
    }
    throw new ConfigException(source + ": the config must be an object of keys and values");
  }

  private static <T> T bind(ObjectNode tree, Class<T> type, String source, Map<String, String> setBy) {
    try {
      return MAPPER.treeToValue(tree, type);
    } catch (UnrecognizedPropertyException e) {
      throw new ConfigException(source + ": unknown key '" + path(e) + "'");
    } catch (ValueInstantiationException e) {
      if (e.getCause() instanceof ConfigException invariant) {
        throw new ConfigException(source + ": " + invariant.getMessage() + origin(invariant.getMessage(), setBy));
      }
      throw badValue(source, e, setBy);
    } catch (JsonMappingException e) {
      throw badValue(source, e, setBy);
    } catch (IOException e) {
      throw new ConfigException(source + ": cannot read config: " + firstLine(e.getMessage()));
    }
  }

  private static ConfigException badValue(String source, JsonMappingException e, Map<String, String> setBy) {
    String key = path(e);
    Throwable root = e.getCause() != null ? e.getCause() : e;
    String why = root instanceof JsonProcessingException j ? j.getOriginalMessage() : root.getMessage();
    return new ConfigException(source + ": bad value for '" + key + "': " + firstLine(why)
        + origin("'" + key + "'", setBy));
  }

  /** The dotted path of the key a mapping failure is about: {@code tls.ca}, {@code peers[2]}. */
  private static String path(JsonMappingException e) {
    StringBuilder out = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        out.append(out.length() == 0 ? "" : ".").append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        out.append('[').append(ref.getIndex()).append(']');
      }
    }
    return out.length() == 0 ? "?" : out.toString();
  }

  /** Names the variables that set the keys a message quotes, since the file does not hold them. */
  private static String origin(String message, Map<String, String> setBy) {
    StringBuilder out = new StringBuilder();
    setBy.forEach((key, variable) -> {
      if (message.contains("'" + key + "'")) {
        out.append(out.length() == 0 ? " (set by " : ", ").append(variable);
      }
    });
    return out.length() == 0 ? "" : out.append(')').toString();
  }

  private static String duplicateKey(JsonProcessingException e) {
    Matcher m = DUPLICATE.matcher(String.valueOf(e.getOriginalMessage()));
    return m.find() ? m.group(1) : null;
  }

  /** Parses {@code 200ms}, {@code 1s}, {@code 15m}, {@code 1h}, {@code 2d} or ISO-8601 ({@code PT1S}). */
  public static Duration parseDuration(String text) {
    String t = text.trim();
    Matcher m = DURATION.matcher(t);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    }
    try {
      return Duration.parse(t);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("'" + text + "' is not a duration like 200ms, 1s, 15m, 1h");
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "invalid";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  private static final class DurationSerializer extends com.fasterxml.jackson.databind.JsonSerializer<Duration> {
    @Override
    public void serialize(Duration value, com.fasterxml.jackson.core.JsonGenerator gen,
        com.fasterxml.jackson.databind.SerializerProvider provider) throws IOException {
      gen.writeString(value.toMillis() + "ms");
    }
  }

  private static final class DurationDeserializer extends JsonDeserializer<Duration> {
    @Override
    public Duration deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
      if (p.currentToken().isNumeric()) {
        return Duration.ofMillis(p.getLongValue());
      }
      return parseDuration(p.getValueAsString());
    }
  }
}
