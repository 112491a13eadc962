package io.dfs.common.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The security audit trail of meta and the data nodes, on the logger named {@code audit} so an
 * operator can route it apart: one key=value line per refused token and per file create, commit
 * and delete, saying who, what, from where and how it ended. Values are made safe for one line;
 * tokens and secrets are never passed here.
 */
public final class Audit {
  private static final Logger AUDIT = LoggerFactory.getLogger("audit");
  private static final int MAX_VALUE_CHARS = 200;

  private Audit() {}

  /** A file operation: {@code event=file_<action> who=… what=… from=… outcome=…}. */
  public static void file(String action, String who, String what, String from, String outcome) {
    AUDIT.info("event=file_{} who={} what=\"{}\" from={} outcome={}", action, safe(who), safe(what), safe(from),
        safe(outcome));
  }

  /** A refused token: {@code event=auth_decision who=- what=… from=… outcome=denied reason=…}. */
  public static void refused(String what, String from, String reason) {
    AUDIT.info("event=auth_decision who=- what=\"{}\" from={} outcome=denied reason=\"{}\"", safe(what), safe(from),
        safe(reason));
  }

  /** A token accepted but lacking what the request needs. */
  public static void forbidden(String who, String what, String from, String reason) {
    AUDIT.info("event=auth_decision who={} what=\"{}\" from={} outcome=forbidden reason=\"{}\"", safe(who), safe(what),
        safe(from), safe(reason));
  }

  /** Keeps a value on one line, without quotes that would end it, and short. */
  static String safe(String value) {
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
