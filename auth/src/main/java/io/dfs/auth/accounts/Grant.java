package io.dfs.auth.accounts;

import java.util.List;

/**
 * What a successful login earns: a token for {@code subject} with {@code roles}.
 *
 * @param subject the user name or service account id (the token's {@code sub})
 * @param roles the token's {@code roles}
 */
public record Grant(String subject, List<String> roles) {
  public Grant {
    roles = List.copyOf(roles);
  }
}
