package io.dfs.auth.accounts;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {
  private final PasswordHasher hasher = new PasswordHasher();

  @Test
  void hashesWithArgon2idAtTheConfiguredCostAndARandomSalt() {
    String a = hasher.hash("correct horse");
    String b = hasher.hash("correct horse");

    assertTrue(a.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), a);
    assertFalse(a.contains("correct horse"));
    assertNotEquals(a, b, "each hash has its own salt");
    String salt = a.split("\\$")[4];
    assertTrue(Base64.getDecoder().decode(salt + "=".repeat((4 - salt.length() % 4) % 4)).length == 16, salt);
  }

  @Test
  void matchesOnlyTheRightPassword() {
    String hash = hasher.hash("correct horse");
    assertTrue(hasher.matches("correct horse", hash));
    assertFalse(hasher.matches("correct horsE", hash));
    assertFalse(hasher.matches("", hash));
  }

  @Test
  void neverMatchesAHashOfOtherParametersOrForm() {
    String weaker = hasher.hash("pw").replace("m=19456,t=2", "m=19456,t=1");
    assertFalse(hasher.matches("pw", weaker));
    assertFalse(hasher.matches("pw", "pw"));
    assertFalse(hasher.matches("pw", "$2b$10$abcdefghijklmnopqrstuu5l1U1c3jsn.BmkRlR/9e2p7mPMsn3K2"));
    assertFalse(hasher.matches("pw", PasswordHasher.PHC_PREFIX + "bm90LWEtc2FsdA$bm90LWEtaGFzaA"));
    assertFalse(hasher.matches("pw", null));
  }
}
