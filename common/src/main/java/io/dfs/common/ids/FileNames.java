package io.dfs.common.ids;

import io.dfs.common.error.DfsException;
import io.dfs.common.error.ErrorCode;

/**
 * Rules for user-visible file names. Names are keys in a per-user flat namespace; slashes are
 * allowed inside a name (like S3 keys) but {@code .} and {@code ..} segments, empty segments,
 * control characters and names over {@link #MAX_LENGTH} UTF-8 bytes are refused.
 */
public final class FileNames {
  public static final int MAX_LENGTH = 1024;

  private FileNames() {}

  public static String require(Object value) {
    if (!(value instanceof String name) || name.isEmpty()) {
      throw invalid("name is required");
    }
    if (name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_LENGTH) {
      throw invalid("name is longer than " + MAX_LENGTH + " bytes");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw invalid("name contains a control character");
      }
    }
    if (name.startsWith("/") || name.endsWith("/")) {
      throw invalid("name must not start or end with '/'");
    }
    for (String segment : name.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw invalid("name must not contain empty, '.' or '..' segments");
      }
    }
    if (BlockIds.isCanonical(name)) {
      // A name shaped like a file id would be ambiguous in lookups by name-or-id.
      throw invalid("name must not have the form of a file id");
    }
    return name;
  }

  private static DfsException invalid(String message) {
    return new DfsException(ErrorCode.INVALID_NAME, message);
  }
}
