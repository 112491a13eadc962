package io.dfs.auth.command;

import io.dfs.auth.accounts.AccountLocks;
import io.dfs.auth.accounts.AccountNames;
import io.dfs.auth.accounts.AccountStore;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dfs-auth user unlock}: lifts the lock a user gets after too many failed logins (see
 * {@link AccountLocks}). Works on the data directory; a running server lets the user in from the
 * next login, with a fresh failure count. Unlocking a user who is not locked changes nothing.
 */
@Command(name = "unlock", mixinStandardHelpOptions = true, version = AuthVersion.TEXT,
    description = "Unlock a user locked after too many failed logins.")
final class UserUnlockCommand extends AdminCommand {
  @Option(names = "--data-dir", required = true, paramLabel = "DIR", description = "the auth server's data directory")
  Path dataDir;

  @Option(names = "--name", required = true, paramLabel = "NAME", description = "the user's login name")
  String name;

  @Override
  String run() throws Exception {
    AccountNames.require("user name", name);
    if (!Files.isDirectory(dataDir)) {
      throw new NoSuchFileException(dataDir.toString());
    }
    if (AccountLocks.inDataDir(dataDir).unlock(name)) {
      return "unlocked user " + name + " in " + dataDir;
    }
    if (AccountStore.open(dataDir).findUser(name).isEmpty()) {
      throw new IllegalArgumentException("no user " + name + " in " + dataDir);
    }
    return "user " + name + " in " + dataDir + " was not locked";
  }
}
