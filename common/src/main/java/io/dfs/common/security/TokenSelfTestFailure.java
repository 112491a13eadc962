package io.dfs.common.security;

/**
 * A token verifier failed the proof it runs before it exists ({@code VerifierSelfTest}): its checks
 * would accept a token that must be refused. Deterministic, so not worth retrying; a server that
 * meets it at start does not start.
 */
public final class TokenSelfTestFailure extends IllegalStateException {
  /** How every such message starts. */
  public static final String PREFIX = "token self-test failed: ";

  TokenSelfTestFailure(String what) {
    super(PREFIX + what);
  }

  TokenSelfTestFailure(String what, Throwable cause) {
    super(PREFIX + what, cause);
  }
}
