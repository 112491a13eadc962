package io.dfs.it;

import io.dfs.auth.accounts.AccountStore;
import io.dfs.auth.accounts.Enrollment;
import io.dfs.auth.accounts.PasswordHasher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/** Creates accounts in an auth data directory, as the auth jar's admin commands do. */
final class Accounts {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Accounts() {}

  static void user(Path authDir, String name, String password) {
    user(authDir, name, password, false);
  }

  static void user(Path authDir, String name, String password, boolean admin) {
    try {
      new Enrollment(AccountStore.open(authDir), new PasswordHasher()).user(name, password, admin);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A service account whose secret is written to {@code secretFile}, where the server reads it. */
  static void service(Path authDir, String id, String role, Path secretFile) {
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    try {
      Files.writeString(secretFile, secret);
      new Enrollment(AccountStore.open(authDir), new PasswordHasher()).service(id, role, secret);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
