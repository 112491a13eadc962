package io.dfs.meta.http;

import io.dfs.common.error.DfsException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Strict readers for fields of request bodies: a wrong type, a fraction, or a value out of range
 * is a BAD_REQUEST naming the field, never a silent truncation.
 */
public final class JsonFields {
  /** The largest unsigned 32-bit value: CRC32C values travel as unsigned JSON numbers. */
  public static final long MAX_CRC32C = 0xFFFF_FFFFL;

  private JsonFields() {}

  public static long requiredLong(JsonObject json, String key, long min, long max) {
    Object v = json.getValue(key);
    if (v == null) {
      throw DfsException.badRequest("'" + key + "' is required");
    }
    return inRange(key, v, min, max);
  }

  public static long optionalLong(JsonObject json, String key, long min, long max, long fallback) {
    Object v = json.getValue(key);
    return v == null ? fallback : inRange(key, v, min, max);
  }

  public static int optionalInt(JsonObject json, String key, int min, int max, int fallback) {
    return (int) optionalLong(json, key, min, max, fallback);
  }

  public static int requiredInt(JsonObject json, String key, int min, int max) {
    return (int) requiredLong(json, key, min, max);
  }

  public static String requiredString(JsonObject json, String key) {
    Object v = json.getValue(key);
    if (!(v instanceof String s) || s.isEmpty()) {
      throw DfsException.badRequest("'" + key + "' must be a non-empty string");
    }
    return s;
  }

  /** An array field; a missing one is empty, a value of another type is refused. */
  public static JsonArray optionalArray(JsonObject json, String key) {
    Object v = json.getValue(key);
    if (v == null) {
      return new JsonArray();
    }
    if (!(v instanceof JsonArray arr)) {
      throw DfsException.badRequest("'" + key + "' must be an array");
    }
    return arr;
  }

  public static JsonArray requiredArray(JsonObject json, String key) {
    if (json.getValue(key) == null) {
      throw DfsException.badRequest("'" + key + "' is required");
    }
    return optionalArray(json, key);
  }

  /** Element {@code i} of an array, which must be a JSON object. */
  public static JsonObject objectAt(JsonArray arr, String key, int i) {
    Object v = arr.getValue(i);
    if (!(v instanceof JsonObject o)) {
      throw DfsException.badRequest("'" + key + "[" + i + "]' must be an object");
    }
    return o;
  }

  private static long inRange(String key, Object v, long min, long max) {
    // Jackson gives Integer/Long for integers that fit, BigInteger for larger, Double for fractions.
    if (!(v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte)) {
      if (v instanceof Number) {
        throw DfsException.badRequest("'" + key + "' must be an integer between " + min + " and " + max);
      }
      throw DfsException.badRequest("'" + key + "' must be a number");
    }
    long n = ((Number) v).longValue();
    if (n < min || n > max) {
      throw DfsException.badRequest("'" + key + "' must be between " + min + " and " + max + ", not " + n);
    }
    return n;
  }
}
