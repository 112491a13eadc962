package io.dfs.auth.login;

import io.dfs.auth.accounts.Grant;

/**
 * How a checked login ended.
 *
 * @param verdict granted, denied (wrong secret or unknown name), or locked
 * @param grant what a granted login earns; null otherwise
 */
public record LoginOutcome(Verdict verdict, Grant grant) {
  public enum Verdict { GRANTED, DENIED, LOCKED }

  static final LoginOutcome DENIED = new LoginOutcome(Verdict.DENIED, null);
  static final LoginOutcome LOCKED = new LoginOutcome(Verdict.LOCKED, null);

  static LoginOutcome granted(Grant grant) {
    return new LoginOutcome(Verdict.GRANTED, grant);
  }
}
