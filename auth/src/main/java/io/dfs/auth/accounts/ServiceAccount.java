package io.dfs.auth.accounts;

import io.dfs.common.security.Roles;
import java.util.Set;

/**
 * A server that logs in with a secret (a data node or meta); stored as {@code services/<id>.json}.
 *
 * @param id the account id, following {@link AccountNames}; by convention the node's name
 * @param hash the Argon2id PHC hash of the secret
 * @param role {@code datanode} or {@code meta}
 */
public record ServiceAccount(String id, String hash, String role) {
  public static final Set<String> ALLOWED_ROLES = Set.of(Roles.DATANODE, Roles.META);

  public ServiceAccount {
    AccountNames.require("service account id", id);
    if (hash == null || hash.isEmpty()) {
      throw new IllegalArgumentException("service account " + id + " has no secret hash");
    }
    requireRole(role);
  }

  /** Returns {@code role} if a service account may have it. */
  public static String requireRole(String role) {
    if (role == null || !ALLOWED_ROLES.contains(role)) {
      throw new IllegalArgumentException("invalid service role '" + role + "': use datanode or meta");
    }
    return role;
  }
}
