package io.dfs.auth.command;

/** The version every {@code dfs-auth} command reports with {@code -V}. */
public final class AuthVersion {
  public static final String TEXT = "dfs-auth 0.1.0";

  private AuthVersion() {}
}
