package io.dfs.common.audit;

import static io.dfs.common.log.LogText.oneLine;

import io.dfs.common.log.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The security audit trail of meta and the data nodes, on the logger named {@code audit} so an
 * operator can route it apart: one key=value line per refused token and per file create, commit
 * and delete, saying who, what, from where and how it ended. Values are made safe for one line
 * ({@link LogText}); tokens and secrets are never passed here.
 */
public final class Audit {
  private static final Logger AUDIT = LoggerFactory.getLogger("audit");

  private Audit() {}

  /** A file operation: {@code event=file_<action> who=… what=… from=… outcome=…}. */
  public static void file(String action, String who, String what, String from, String outcome) {
    AUDIT.info("event=file_{} who={} what=\"{}\" from={} outcome={}", action, oneLine(who), oneLine(what),
        oneLine(from), oneLine(outcome));
  }

  /** A refused token: {@code event=auth_decision who=- what=… from=… outcome=denied reason=…}. */
  public static void refused(String what, String from, String reason) {
    AUDIT.info("event=auth_decision who=- what=\"{}\" from={} outcome=denied reason=\"{}\"", oneLine(what),
        oneLine(from), oneLine(reason));
  }

  /** A token accepted but lacking what the request needs. */
  public static void forbidden(String who, String what, String from, String reason) {
    AUDIT.info("event=auth_decision who={} what=\"{}\" from={} outcome=forbidden reason=\"{}\"", oneLine(who),
        oneLine(what), oneLine(from), oneLine(reason));
  }
}
