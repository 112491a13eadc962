package io.dfs.auth.accounts;

import com.password4j.Argon2Function;
import com.password4j.BadParametersException;
import com.password4j.Password;
import com.password4j.types.Argon2;

/**
 * Argon2id hashing of passwords and service secrets with the parameters OWASP recommends as a
 * minimum (19 MiB of memory, 2 passes, 1 lane) and a random 16-byte salt per hash. Hashes are
 * stored in the self-describing PHC form ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}).
 *
 * <p>Each call takes tens to hundreds of milliseconds and 19 MiB on purpose: call it on a worker
 * thread, never on an event loop. Comparison is constant-time.
 */
public final class PasswordHasher {
  public static final int MEMORY_KIB = 19456;
  public static final int ITERATIONS = 2;
  public static final int PARALLELISM = 1;
  public static final int HASH_BYTES = 32;
  public static final int SALT_BYTES = 16;
  /** The PHC prefix every hash made here starts with. */
  public static final String PHC_PREFIX =
      "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + PARALLELISM + "$";

  /**
   * A hash of a random password nobody knows, with our parameters. Checking against it costs what
   * checking a real hash costs, so an unknown name takes as long to refuse as a wrong password.
   */
  private static final String DUMMY_HASH =
      "$argon2id$v=19$m=19456,t=2,p=1$U1WGLCc0Py8ErNwK+7k7FQ$ceTQ1haSXSvbUGLBFIE3k6habycFsKiW6OKF2QWKQUE";

  private static final Argon2Function ARGON2 =
      Argon2Function.getInstance(MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES, Argon2.ID);

  /** A new salted hash of {@code secret} in PHC form. */
  public String hash(CharSequence secret) {
    return Password.hash(secret).addRandomSalt(SALT_BYTES).with(ARGON2).getResult();
  }

  /**
   * Whether {@code secret} matches {@code phcHash}. A hash that is not a PHC string of our
   * parameters never matches (and still costs one hash computation).
   */
  public boolean matches(CharSequence secret, String phcHash) {
    if (phcHash == null || !phcHash.startsWith(PHC_PREFIX)) {
      burn(secret);
      return false;
    }
    try {
      return Password.check(secret, phcHash).with(ARGON2);
    } catch (BadParametersException e) {
      return false;
    }
  }

  /** Spends the time of one check against a hash that matches nothing; for unknown names. */
  public void burn(CharSequence secret) {
    Password.check(secret, DUMMY_HASH).with(ARGON2);
  }
}
