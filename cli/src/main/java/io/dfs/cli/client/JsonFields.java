package io.dfs.cli.client;

import io.dfs.common.error.DfsException;
import io.dfs.common.error.ErrorCode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Reads required fields of a server's JSON answer. A missing or mistyped field is a server bug or a
 * version mismatch, reported as one clear INTERNAL error naming the answer and the field.
 */
final class JsonFields {
  private JsonFields() {}

  static String string(JsonObject json, String key, String what) {
    if (json.getValue(key) instanceof String s) {
      return s;
    }
    throw invalid(what, key);
  }

  /** The string at {@code key}, or null when the field is absent or JSON null. */
  static String optionalString(JsonObject json, String key, String what) {
    Object value = json.getValue(key);
    if (value == null || value instanceof String) {
      return (String) value;
    }
    throw invalid(what, key);
  }

  static long number(JsonObject json, String key, String what) {
    if (json.getValue(key) instanceof Number n && n.doubleValue() == n.longValue()) {
      return n.longValue();
    }
    throw invalid(what, key);
  }

  static long optionalNumber(JsonObject json, String key, long fallback, String what) {
    return json.getValue(key) == null ? fallback : number(json, key, what);
  }

  static <T> List<T> list(JsonObject json, String key, String what, Function<JsonObject, T> element) {
    if (!(json.getValue(key) instanceof JsonArray array)) {
      throw invalid(what, key);
    }
    List<T> out = new ArrayList<>(array.size());
    for (Object item : array) {
      if (!(item instanceof JsonObject object)) {
        throw invalid(what, key);
      }
      out.add(element.apply(object));
    }
    return List.copyOf(out);
  }

  static DfsException invalid(String what, String key) {
    return new DfsException(ErrorCode.INTERNAL, "server answered " + what + " without a valid '" + key + "'");
  }
}
