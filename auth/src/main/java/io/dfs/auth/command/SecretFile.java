package io.dfs.auth.command;

import io.dfs.auth.files.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * A service account's secret as its server reads it: the file's content, trimmed. An existing
 * file is reused, so re-running {@code service add} keeps a node's secret; a missing one is
 * created with 32 random bytes (base64url), mode 600.
 *
 * @param secret the secret
 * @param created whether this call generated it
 */
record SecretFile(String secret, boolean created) {
  static final int SECRET_BYTES = 32;
  private static final int MAX_FILE_BYTES = 4096;

  static SecretFile readOrCreate(Path given) throws IOException {
    Path file = given.toAbsolutePath().normalize();
    if (Files.exists(file)) {
      String secret = new String(PrivateFiles.readBounded(file, MAX_FILE_BYTES), StandardCharsets.UTF_8).trim();
      if (secret.isEmpty()) {
        throw new IllegalArgumentException("secret file " + file + " is empty; delete it to have a new secret made");
      }
      return new SecretFile(secret, false);
    }
    Path parent = file.getParent();
    if (!Files.isDirectory(parent)) {
      PrivateFiles.ensureDirectory(parent);
    }
    String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(PrivateFiles.randomBytes(SECRET_BYTES));
    PrivateFiles.writeAtomically(file, (secret + "\n").getBytes(StandardCharsets.UTF_8));
    return new SecretFile(secret, true);
  }

  @Override
  public String toString() {
    return "SecretFile[created=" + created + "]";
  }
}
