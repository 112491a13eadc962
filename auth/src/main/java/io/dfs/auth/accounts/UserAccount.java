package io.dfs.auth.accounts;

import io.dfs.common.security.Roles;
import java.util.List;
import java.util.Set;

/**
 * A person who logs in with a password; stored as {@code users/<name>.json}.
 *
 * @param name the login name, following {@link AccountNames}
 * @param hash the Argon2id PHC hash of the password
 * @param roles {@code user}, and {@code admin} for administrators
 */
public record UserAccount(String name, String hash, List<String> roles) {
  /** The roles a user file may grant; service roles can never be given to a person. */
  public static final Set<String> ALLOWED_ROLES = Set.of(Roles.USER, Roles.ADMIN);

  public UserAccount {
    AccountNames.require("user name", name);
    if (hash == null || hash.isEmpty()) {
      throw new IllegalArgumentException("user " + name + " has no password hash");
    }
    roles = List.copyOf(roles);
    if (!roles.contains(Roles.USER) || !ALLOWED_ROLES.containsAll(roles)) {
      throw new IllegalArgumentException("user " + name + " has roles " + roles
          + "; a user has 'user' and optionally 'admin'");
    }
  }

  /** The roles of a user, with or without admin rights. */
  public static List<String> rolesFor(boolean admin) {
    return admin ? List.of(Roles.USER, Roles.ADMIN) : List.of(Roles.USER);
  }
}
