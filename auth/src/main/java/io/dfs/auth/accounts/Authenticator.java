package io.dfs.auth.accounts;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Decides logins against the {@link AccountStore}. A wrong secret and an unknown (or malformed)
 * name give the same answer after the same work: an unknown name is checked against a dummy hash,
 * so response time does not tell whether an account exists.
 *
 * <p>Blocks for one Argon2id computation per call; run it on a worker thread.
 */
public final class Authenticator {
  private final AccountStore store;
  private final PasswordHasher hasher;

  public Authenticator(AccountStore store, PasswordHasher hasher) {
    this.store = store;
    this.hasher = hasher;
  }

  /** The grant for a user whose password matches, or empty. */
  public Optional<Grant> user(String name, String password) throws IOException {
    Optional<UserAccount> user = store.findUser(name);
    if (user.isEmpty()) {
      hasher.burn(password);
      return Optional.empty();
    }
    UserAccount u = user.get();
    return hasher.matches(password, u.hash()) ? Optional.of(new Grant(u.name(), u.roles())) : Optional.empty();
  }

  /** The grant for a service account whose secret matches, or empty. */
  public Optional<Grant> service(String id, String secret) throws IOException {
    Optional<ServiceAccount> account = store.findService(id);
    if (account.isEmpty()) {
      hasher.burn(secret);
      return Optional.empty();
    }
    ServiceAccount a = account.get();
    return hasher.matches(secret, a.hash()) ? Optional.of(new Grant(a.id(), List.of(a.role()))) : Optional.empty();
  }
}
