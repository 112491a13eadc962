package io.dfs.auth.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dfs.common.security.SigningKey;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeyStoreTest {
  @TempDir
  Path dataDir;

  @Test
  void firstStartGeneratesAndPersistsAnEs256Key() throws IOException {
    KeySet keys = SigningKeyStore.inDataDir(dataDir).loadOrCreate();

    String kid = keys.active().kid();
    Path dir = dataDir.resolve("keys");
    assertTrue(keys.generated());
    assertEquals(kid, Files.readString(dir.resolve("active")).trim());
    assertTrue(Files.readString(dir.resolve(kid + ".key.pem")).startsWith("-----BEGIN PRIVATE KEY-----"));
    assertTrue(Files.readString(dir.resolve(kid + ".pub.pem")).startsWith("-----BEGIN PUBLIC KEY-----"));
    assertEquals("rw-------", perms(dir.resolve(kid + ".key.pem")));
    assertEquals("rwx------", perms(dir));

    assertEquals(1, keys.publicJwks().size());
    JsonObject jwk = keys.publicJwks().get(0);
    assertEquals(keys.active().publicJwk(), jwk);
    assertEquals("ES256", jwk.getString("alg"));
    assertEquals("EC", jwk.getString("kty"));
    assertFalse(jwk.containsKey("d"), "no private part is ever published");
    assertEquals(new JsonObject().put("keys", new JsonArray().add(jwk)), keys.jwksDocument());
  }

  @Test
  void laterStartsLoadTheSameKey() throws IOException {
    KeySet first = SigningKeyStore.inDataDir(dataDir).loadOrCreate();
    KeySet second = SigningKeyStore.inDataDir(dataDir).loadOrCreate();

    assertFalse(second.generated());
    assertEquals(first.active().kid(), second.active().kid());
    assertEquals(first.active().publicJwk(), second.active().publicJwk());
    assertEquals(first.publicJwks(), second.publicJwks());
  }

  @Test
  void publishesEveryPublicKeyPresent() throws IOException {
    KeySet first = SigningKeyStore.inDataDir(dataDir).loadOrCreate();
    SigningKey retired = SigningKey.generate();
    Files.writeString(dataDir.resolve("keys").resolve(retired.kid() + ".pub.pem"), retired.publicPem());

    KeySet keys = SigningKeyStore.inDataDir(dataDir).loadOrCreate();

    assertEquals(first.active().kid(), keys.active().kid(), "the active key stays the signing one");
    Set<String> kids = keys.publicJwks().stream().map(j -> j.getString("kid")).collect(Collectors.toSet());
    assertEquals(Set.of(first.active().kid(), retired.kid()), kids);
  }

  @Test
  void refusesAnActiveFileThatIsNotAKeyId() throws IOException {
    Files.createDirectories(dataDir.resolve("keys"));
    Files.writeString(dataDir.resolve("keys/active"), "../../etc/passwd\n");

    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> SigningKeyStore.inDataDir(dataDir).loadOrCreate());
    assertTrue(e.getMessage().contains("does not hold a valid key id"), e.getMessage());
  }

  @Test
  void refusesAnActiveKeyWhoseFilesAreMissing() throws IOException {
    KeySet keys = SigningKeyStore.inDataDir(dataDir).loadOrCreate();
    Files.delete(dataDir.resolve("keys").resolve(keys.active().kid() + ".key.pem"));

    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> SigningKeyStore.inDataDir(dataDir).loadOrCreate());
    assertTrue(e.getMessage().contains("is missing"), e.getMessage());
  }

  @Test
  void refusesAPublicKeyOnAnotherCurve() throws Exception {
    SigningKeyStore.inDataDir(dataDir).loadOrCreate();
    KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
    gen.initialize(new ECGenParameterSpec("secp384r1"));
    String pem = "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder().encodeToString(gen.generateKeyPair().getPublic().getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
    Files.writeString(dataDir.resolve("keys/p384.pub.pem"), pem);

    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> SigningKeyStore.inDataDir(dataDir).loadOrCreate());
    assertTrue(e.getMessage().contains("P-256"), e.getMessage());
  }

  private static String perms(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }
}
