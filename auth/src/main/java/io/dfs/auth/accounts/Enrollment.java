package io.dfs.auth.accounts;

import java.io.IOException;

/**
 * Creates accounts and replaces their passwords or secrets: what the admin commands do. Only
 * hashes reach the disk. Blocks for one Argon2id computation and one atomic file write.
 */
public final class Enrollment {
  /** Longest password or secret accepted; far beyond what people type, short enough to bound work. */
  public static final int MAX_SECRET_CHARS = 1024;

  private final AccountStore store;
  private final PasswordHasher hasher;

  public Enrollment(AccountStore store, PasswordHasher hasher) {
    this.store = store;
    this.hasher = hasher;
  }

  /**
   * Creates user {@code name} or, if it exists, replaces its password and roles.
   *
   * @return true if an existing user was replaced
   * @throws IllegalArgumentException for a bad name or an empty or overlong password; nothing is written
   */
  public boolean user(String name, String password, boolean admin) throws IOException {
    AccountNames.require("user name", name);
    requireSecret("password", password);
    return store.saveUser(new UserAccount(name, hasher.hash(password), UserAccount.rolesFor(admin)));
  }

  /**
   * Creates service account {@code id} or, if it exists, replaces its secret and role.
   *
   * @return true if an existing account was replaced
   * @throws IllegalArgumentException for a bad id, role or secret; nothing is written
   */
  public boolean service(String id, String role, String secret) throws IOException {
    AccountNames.require("service account id", id);
    ServiceAccount.requireRole(role);
    requireSecret("secret", secret);
    return store.saveService(new ServiceAccount(id, hasher.hash(secret), role));
  }

  private static void requireSecret(String what, String secret) {
    if (secret == null || secret.isEmpty()) {
      throw new IllegalArgumentException("the " + what + " must not be empty");
    }
    if (secret.length() > MAX_SECRET_CHARS) {
      throw new IllegalArgumentException("the " + what + " is longer than " + MAX_SECRET_CHARS + " characters");
    }
  }
}
