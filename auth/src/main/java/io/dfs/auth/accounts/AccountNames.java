package io.dfs.auth.accounts;

import java.util.regex.Pattern;

/**
 * The one rule for user names and service account ids: 1 to 64 characters of {@code a-z 0-9 . _ -},
 * starting with a letter or digit. Names become file names, so a name is checked against this rule
 * before any path is built from it.
 */
public final class AccountNames {
  public static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
  /** How a name that breaks the rule appears in logs, so log lines cannot be forged through it. */
  public static final String INVALID_FOR_LOG = "(invalid)";

  private AccountNames() {}

  public static boolean isValid(String name) {
    return name != null && VALID.matcher(name).matches();
  }

  /**
   * Returns {@code name} if it follows the rule.
   *
   * @param what what the name names, for the message ("user name", "service account id")
   * @throws IllegalArgumentException naming the rule otherwise
   */
  public static String require(String what, String name) {
    if (!isValid(name)) {
      throw new IllegalArgumentException("invalid " + what + " " + quote(name)
          + ": use 1 to 64 characters of a-z, 0-9, '.', '_' and '-', starting with a letter or digit");
    }
    return name;
  }

  /** The name as it may appear in a log line. */
  public static String forLog(String name) {
    return isValid(name) ? name : INVALID_FOR_LOG;
  }

  private static String quote(String name) {
    if (name == null) {
      return "(none)";
    }
    String shown = name.length() > 80 ? name.substring(0, 80) + "..." : name;
    return "'" + shown.replaceAll("\\p{Cntrl}", "?") + "'";
  }
}
