package io.dfs.common.log;

/** Values from callers (names, paths, messages quoting them) made safe for a key=value log line. */
public final class LogText {
  private static final int MAX_VALUE_CHARS = 200;

  private LogText() {}

  /**
   * The value on one line, without quotes or backslashes that would end or bend it, and at most
   * 200 characters; {@code -} for null or empty. A caller cannot forge a log line through it.
   */
  public static String oneLine(String value) {
    if (value == null || value.isEmpty()) {
      return "-";
    }
    StringBuilder out = new StringBuilder(Math.min(value.length(), MAX_VALUE_CHARS));
    for (int i = 0; i < value.length() && out.length() < MAX_VALUE_CHARS; i++) {
      char c = value.charAt(i);
      out.append(c < 0x20 || c == 0x7f || c == '"' || c == '\\' ? '?' : c);
    }
    return value.length() > MAX_VALUE_CHARS ? out + "…" : out.toString();
  }
}
