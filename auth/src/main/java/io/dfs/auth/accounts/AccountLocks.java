package io.dfs.auth.accounts;

import io.dfs.auth.files.PrivateFiles;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * User accounts locked after too many failed logins: one file
 * {@code <dataDir>/accounts/locks/<name>.json} each, holding {@code {name, lockedAt, failures}}.
 *
 * <p>A lock is lifted only by an operator, with {@code dfs-auth user unlock --data-dir DIR --name
 * NAME}, which removes the file; a running server sees that at the user's next login and starts
 * its failure count afresh. A restart does not unlock anyone, so an attacker who can get the
 * server restarted gains nothing.
 *
 * <p>Every method blocks on disk; call it on a worker thread. Names breaking {@link AccountNames}
 * are never locked on disk.
 */
public final class AccountLocks {
  private final Path dir;

  private AccountLocks(Path dir) {
    this.dir = dir;
  }

  /** The locks of a data directory; nothing is created until a lock is written. */
  public static AccountLocks inDataDir(Path dataDir) {
    return new AccountLocks(dataDir.resolve("accounts").resolve("locks"));
  }

  public boolean isLocked(String name) {
    return AccountNames.isValid(name) && Files.exists(file(name));
  }

  /** Locks user {@code name}, recording when and after how many consecutive failures. */
  public void lock(String name, int failures, Instant at) throws IOException {
    AccountNames.require("user name", name);
    PrivateFiles.ensureDirectory(dir);
    JsonObject json = new JsonObject().put("name", name).put("lockedAt", at.toString()).put("failures", failures);
    PrivateFiles.writeAtomically(file(name), (json.encodePrettily() + "\n").getBytes(StandardCharsets.UTF_8));
  }

  /** Removes the lock of user {@code name}; returns whether there was one. */
  public boolean unlock(String name) throws IOException {
    AccountNames.require("user name", name);
    return Files.deleteIfExists(file(name));
  }

  private Path file(String name) {
    return dir.resolve(name + ".json");
  }
}
