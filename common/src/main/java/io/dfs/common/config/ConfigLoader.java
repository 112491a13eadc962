package io.dfs.common.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads a server's config record from a JSON file. Unknown keys and bad values fail the load with
 * the key named, so a typo stops the server at start instead of being silently ignored.
 */
public final class ConfigLoader {
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .registerModule(new SimpleModule("dfs-config").addDeserializer(Duration.class, new DurationDeserializer())
          .addSerializer(Duration.class, new DurationSerializer()));

  private ConfigLoader() {}

  public static <T> T load(Path file, Class<T> type) {
    try {
      return MAPPER.readValue(Files.readAllBytes(file), type);
    } catch (UnrecognizedPropertyException e) {
      throw new ConfigException(file + ": unknown key '" + e.getPropertyName() + "'");
    } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
      String key = e.getPath().isEmpty() ? "?" : e.getPath().get(e.getPath().size() - 1).getFieldName();
      Throwable root = e.getCause() != null ? e.getCause() : e;
      throw new ConfigException(file + ": bad value for '" + key + "': " + firstLine(root.getMessage()));
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read config: " + firstLine(e.getMessage()));
    }
  }

  /** Builds a config record from a JSON string; used by tests and by the in-process cluster. */
  public static <T> T fromJson(String json, Class<T> type) {
    try {
      return MAPPER.readValue(json, type);
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
