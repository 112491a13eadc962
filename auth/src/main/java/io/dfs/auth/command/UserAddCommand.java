package io.dfs.auth.command;

import io.dfs.auth.accounts.AccountNames;
import io.dfs.auth.accounts.AccountStore;
import io.dfs.auth.accounts.Enrollment;
import io.dfs.auth.accounts.PasswordHasher;
import io.dfs.auth.accounts.UserAccount;
import io.dfs.common.security.Roles;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code dfs-auth user add}: creates a user, or gives an existing one a new password and the roles
 * asked for. Works on the data directory directly; a running server sees the change at the next
 * login.
 */
@Command(name = "add", mixinStandardHelpOptions = true, version = AuthVersion.TEXT,
    description = "Create a user, or replace an existing user's password and roles.")
final class UserAddCommand extends AdminCommand {
  @ParentCommand
  UserCommand parent;

  @Option(names = "--data-dir", required = true, paramLabel = "DIR", description = "the auth server's data directory")
  Path dataDir;

  @Option(names = "--name", required = true, paramLabel = "NAME",
      description = "login name: 1-64 of a-z 0-9 . _ -, starting with a letter or digit")
  String name;

  @Option(names = "--role", paramLabel = "ROLE",
      description = "admin to make the user an administrator (every user has role user)")
  String role;

  @Option(names = "--password-stdin", description = "read the password from the first line of standard input")
  boolean passwordStdin;

  @Override
  String run() throws Exception {
    AccountNames.require("user name", name);
    boolean admin = wantsAdmin(role);
    String password = passwordStdin ? PasswordInput.firstLine(parent.stdin()) : PasswordInput.prompt(name);
    if (password.isEmpty()) {
      throw new IllegalArgumentException("refusing an empty password");
    }
    boolean replaced = new Enrollment(AccountStore.open(dataDir), new PasswordHasher()).user(name, password, admin);
    return (replaced ? "replaced the password of user " : "added user ") + name
        + " (roles " + String.join(",", UserAccount.rolesFor(admin)) + ") in " + dataDir;
  }

  private static boolean wantsAdmin(String role) {
    if (role == null || role.equals(Roles.USER)) {
      return false;
    }
    if (role.equals(Roles.ADMIN)) {
      return true;
    }
    throw new IllegalArgumentException("invalid user role '" + role + "': use admin (every user has role user)");
  }
}
