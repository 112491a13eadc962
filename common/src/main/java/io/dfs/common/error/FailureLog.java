package io.dfs.common.error;

import io.dfs.common.log.LogText;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * How a failure answered to a caller (an HTTP error, an {@code ERROR} frame) is logged, the same on
 * every surface:
 * <ul>
 *   <li>unexpected (INTERNAL with a cause): ERROR with the stack trace, which is what there is to fix;
 *   <li>an authentication decision the audit trail wrote its one line for where it was decided
 *       (a token check, a login): nothing here; a refusal made elsewhere (a node speaking for
 *       another, another user's file) is logged like any other;
 *   <li>any other, expected refusal (bad input, unknown file, conflict): one INFO line without a
 *       stack trace, WARN for the server's own state (busy, unavailable, out of space, corrupt).
 * </ul>
 */
public final class FailureLog {
  /** Codes only the login answers, each after its audit line. */
  private static final Set<ErrorCode> AUDITED = EnumSet.of(ErrorCode.BAD_CREDENTIALS, ErrorCode.RATE_LIMITED,
      ErrorCode.ACCOUNT_LOCKED);

  private FailureLog() {}

  /**
   * Logs {@code failure} as answered to a request.
   *
   * @param event the line's event name, e.g. {@code http_refused}
   * @param request what was asked, as {@code key=value} pairs (method and path, frame type and peer)
   */
  public static void answered(Logger log, String event, String request, DfsException failure) {
    if (failure.code() == ErrorCode.INTERNAL && failure.getCause() != null) {
      log.error("event={} {} code={}", event, request, failure.code().wireName(), failure.getCause());
      return;
    }
    if (failure.isAudited() || AUDITED.contains(failure.code())) {
      return;
    }
    Level level = failure.code().httpStatus() >= 500 ? Level.WARN : Level.INFO;
    log.atLevel(level).log("event={} {} code={} message=\"{}\"", event, request, failure.code().wireName(),
        LogText.oneLine(failure.getMessage()));
  }
}
