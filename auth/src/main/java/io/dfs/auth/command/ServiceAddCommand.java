package io.dfs.auth.command;

import io.dfs.auth.accounts.AccountNames;
import io.dfs.auth.accounts.AccountStore;
import io.dfs.auth.accounts.Enrollment;
import io.dfs.auth.accounts.PasswordHasher;
import io.dfs.auth.accounts.ServiceAccount;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dfs-auth service add}: creates or updates a service account whose secret lives in a file
 * the service reads. An existing secret file is reused (so this is safe to run on every start);
 * otherwise a random secret is written there, mode 600. Only the secret's hash is stored.
 */
@Command(name = "add", mixinStandardHelpOptions = true, version = AuthVersion.TEXT,
    description = "Create or update a service account; its secret is read from, or generated into, a file.")
final class ServiceAddCommand extends AdminCommand {
  @Option(names = "--data-dir", required = true, paramLabel = "DIR", description = "the auth server's data directory")
  Path dataDir;

  @Option(names = "--id", required = true, paramLabel = "ID",
      description = "account id, usually the node's name: 1-64 of a-z 0-9 . _ -")
  String id;

  @Option(names = "--role", required = true, paramLabel = "ROLE", description = "datanode or meta")
  String role;

  @Option(names = "--secret-file", required = true, paramLabel = "FILE",
      description = "the secret: used if the file exists, else generated into it")
  Path secretFile;

  @Override
  String run() throws Exception {
    AccountNames.require("service account id", id);
    ServiceAccount.requireRole(role);
    SecretFile secret = SecretFile.readOrCreate(secretFile);
    AccountStore store = AccountStore.open(dataDir);
    boolean replaced = new Enrollment(store, new PasswordHasher()).service(id, role, secret.secret());
    return (replaced ? "updated" : "added") + " service account " + id + " (role " + role + ") in " + dataDir
        + "; secret " + (secret.created() ? "generated into " : "read from ") + secretFile;
  }
}
