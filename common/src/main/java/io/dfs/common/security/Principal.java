package io.dfs.common.security;

import java.util.Set;

/** Who a verified token speaks for. */
public record Principal(String subject, Set<String> roles) {
  public boolean hasRole(String role) {
    return roles.contains(role);
  }

  public boolean hasAnyRole(String... wanted) {
    for (String r : wanted) {
      if (roles.contains(r)) {
        return true;
      }
    }
    return false;
  }
}
