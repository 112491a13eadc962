package io.dfs.auth.audit;

import io.dfs.auth.accounts.AccountNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The security audit trail, on the logger named {@code audit} so it can be routed apart: one line
 * per authentication decision and per key rotation, in the same key=value form as every other log
 * line. Names go through {@link AccountNames#forLog} so no line can be forged through them; secrets
 * and tokens are never passed here.
 *
 * <pre>
 * event=auth_decision who=alice kind=user what=login from=10.0.0.7 outcome=rate_limited
 * event=key_rotated who=alice kid=... previousKid=...
 * </pre>
 */
public final class AuditLog {
  private static final Logger AUDIT = LoggerFactory.getLogger("audit");
  /** What stands in for a name or kind that is not known (no token, an invalid token). */
  public static final String NOBODY = "-";

  /** How an authentication decision ended. */
  public enum Outcome {
    OK("ok"),
    /** Wrong credentials, or no valid token. */
    DENIED("denied"),
    /** A valid token without the role the request needs. */
    FORBIDDEN("forbidden"),
    RATE_LIMITED("rate_limited"),
    LOCKED("locked");

    private final String logName;

    Outcome(String logName) {
      this.logName = logName;
    }
  }

  private AuditLog() {}

  /**
   * @param who the user name or service account id, or {@link #NOBODY}
   * @param kind {@code user}, {@code service} or {@link #NOBODY}
   * @param what what was asked: {@code login}, {@code rotate_keys}
   * @param from the client's address
   */
  public static void decision(String who, String kind, String what, String from, Outcome outcome) {
    AUDIT.info("event=auth_decision who={} kind={} what={} from={} outcome={}",
        name(who), kind, what, from, outcome.logName);
  }

  /** A rotation by {@code who} made {@code kid} the signing key in place of {@code previousKid}. */
  public static void keyRotated(String who, String kid, String previousKid) {
    AUDIT.info("event=key_rotated who={} kid={} previousKid={}", name(who), kid, previousKid);
  }

  /** {@code who} (an admin) was given a scrape token valid for {@code ttlSeconds}. */
  public static void metricsTokenIssued(String who, long ttlSeconds, String from) {
    AUDIT.info("event=metrics_token_issued who={} ttlSeconds={} from={}", name(who), ttlSeconds, from);
  }

  private static String name(String who) {
    return who == null || NOBODY.equals(who) ? NOBODY : AccountNames.forLog(who);
  }
}
