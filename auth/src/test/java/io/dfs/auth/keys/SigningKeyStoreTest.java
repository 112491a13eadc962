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
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeyStoreTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir
  Path dataDir;

  @Test
  void firstStartGeneratesAndPersistsAnEs256Key() throws IOException {
    KeySet keys = SigningKeyStore.inDataDir(dataDir).loadOrCreate(NOW);

    String kid = keys.active().kid();
    Path dir = dataDir.resolve("keys");
    assertTrue(keys.generated());
    assertEquals(kid, Files.readString(dir.resolve("active")).trim());
    assertTrue(Files.readString(dir.resolve(kid + ".key.pem")).startsWith("-----BEGIN PRIVATE KEY-----"));
    assertTrue(Files.readString(dir.resolve(kid + ".pub.pem")).startsWith("-----BEGIN PUBLIC KEY-----"));
    assertEquals("rw-------", perms(dir.resolve(kid + ".key.pem")));
    assertEquals("rwx------", perms(dir));

    assertEquals(1, keys.publicJwks(NOW).size());
    JsonObject jwk = keys.publicJwks(NOW).get(0);
    assertEquals(keys.active().publicJwk(), jwk);
    assertEquals("ES256", jwk.getString("alg"));
    assertEquals("EC", jwk.getString("kty"));
    assertFalse(jwk.containsKey("d"), "no private part is ever published");
    assertEquals(new JsonObject().put("keys", new JsonArray().add(jwk)), keys.jwksDocument(NOW));
  }

  @Test
  void laterStartsLoadTheSameKey() throws IOException {
    KeySet first = SigningKeyStore.inDataDir(dataDir).loadOrCreate(NOW);
    KeySet second = SigningKeyStore.inDataDir(dataDir).loadOrCreate(NOW);

    assertFalse(second.generated());
    assertEquals(first.active().kid(), second.active().kid());
    assertEquals(first.active().publicJwk(), second.active().publicJwk());
    assertEquals(first.publicJwks(NOW), second.publicJwks(NOW));
  }

  @Test
  void publishesEveryPublicKeyPresent() throws IOException {
    KeySet first = SigningKeyStore.inDataDir(dataDir).loadOrCreate(NOW);
    SigningKey retired = SigningKey.generate();
    Files.writeString(dataDir.resolve("keys").resolve(retired.kid() + ".pub.pem"), retired.publicPem());

    KeySet keys = SigningKeyStore.inDataDir(dataDir).loadOrCreate(NOW);

    assertEquals(first.active().kid(), keys.active().kid(), "the active key stays the signing one");
    Set<String> kids = keys.publicJwks(NOW).stream().map(j -> j.getString("kid")).collect(Collectors.toSet());
    assertEquals(Set.of(first.active().kid(), retired.kid()), kids);
  }

  @Test
  void refusesAnActiveFileThatIsNotAKeyId() throws IOException {
    Files.createDirectories(dataDir.resolve("keys"));
    Files.writeString(dataDir.resolve("keys/active"), "../../etc/passwd\n");

    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> SigningKeyStore.inDataDir(dataDir).loadOrCreate(NOW));
    assertTrue(e.getMessage().contains("does not hold a valid key id"), e.getMessage());
  }

  @Test
  void refusesAnActiveKeyWhoseFilesAreMissing() throws IOException {
    KeySet keys = SigningKeyStore.inDataDir(dataDir).loadOrCreate(NOW);
    Files.delete(dataDir.resolve("keys").resolve(keys.active().kid() + ".key.pem"));

    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> SigningKeyStore.inDataDir(dataDir).loadOrCreate(NOW));
    assertTrue(e.getMessage().contains("is missing"), e.getMessage());
  }

  @Test
  void refusesAPublicKeyOnAnotherCurve() throws Exception {
    SigningKeyStore.inDataDir(dataDir).loadOrCreate(NOW);
    KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
    gen.initialize(new ECGenParameterSpec("secp384r1"));
    String pem = "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder().encodeToString(gen.generateKeyPair().getPublic().getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
    Files.writeString(dataDir.resolve("keys/p384.pub.pem"), pem);

    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> SigningKeyStore.inDataDir(dataDir).loadOrCreate(NOW));
    assertTrue(e.getMessage().contains("P-256"), e.getMessage());
  }

  @Test
  void aRotationPersistsTheNewKeyAndRetiresTheOldOne() throws IOException {
    SigningKeyStore store = SigningKeyStore.inDataDir(dataDir);
    SigningKey old = store.loadOrCreate(NOW).active();
    SigningKey next = SigningKey.generate();
    Instant until = NOW.plus(Duration.ofMinutes(16));

    store.rotate(old, next, NOW, until);

    Path dir = dataDir.resolve("keys");
    assertEquals(next.kid(), Files.readString(dir.resolve("active")).trim());
    assertEquals("rw-------", perms(dir.resolve(next.kid() + ".key.pem")));
    assertFalse(Files.exists(dir.resolve(old.kid() + ".key.pem")),
        "a retired key signs nothing, so its private half goes");
    JsonObject record = new JsonObject(Files.readString(dir.resolve(old.kid() + ".retired")));
    assertEquals(old.kid(), record.getString("kid"));
    assertEquals(NOW.toString(), record.getString("retiredAt"));
    assertEquals(until.toString(), record.getString("publishUntil"));

    KeySet reloaded = store.loadOrCreate(NOW);
    assertEquals(next.kid(), reloaded.active().kid());
    assertEquals(next.publicJwk(), reloaded.active().publicJwk());
    assertEquals(Set.of(old.kid(), next.kid()), kids(reloaded.publicJwks(until.minusMillis(1))));
    assertEquals(Set.of(next.kid()), kids(reloaded.publicJwks(until)));
  }

  @Test
  void aStartAfterTheRetentionMovesTheRetiredKeyAside() throws IOException {
    SigningKeyStore store = SigningKeyStore.inDataDir(dataDir);
    SigningKey old = store.loadOrCreate(NOW).active();
    SigningKey next = SigningKey.generate();
    Instant until = NOW.plus(Duration.ofMinutes(16));
    store.rotate(old, next, NOW, until);

    assertTrue(Files.exists(dataDir.resolve("keys").resolve(old.kid() + ".pub.pem")));
    KeySet keys = store.loadOrCreate(until);

    assertEquals(Set.of(next.kid()), kids(keys.publicJwks(until)));
    assertEquals(List.of(next.kid()), keys.published().stream().map(PublishedKey::kid).toList());
    Path dir = dataDir.resolve("keys");
    assertFalse(Files.exists(dir.resolve(old.kid() + ".pub.pem")));
    assertFalse(Files.exists(dir.resolve(old.kid() + ".retired")));
    assertTrue(Files.exists(dir.resolve("expired").resolve(old.kid() + ".pub.pem")));
    assertTrue(Files.exists(dir.resolve("expired").resolve(old.kid() + ".retired")));
  }

  @Test
  void aRetirementRecordOnTheActiveKeyIsIgnored() throws IOException {
    // What a rotation interrupted after the record but before switching 'active' leaves behind.
    SigningKeyStore store = SigningKeyStore.inDataDir(dataDir);
    SigningKey active = store.loadOrCreate(NOW).active();
    Files.writeString(dataDir.resolve("keys").resolve(active.kid() + ".retired"), new JsonObject()
        .put("kid", active.kid()).put("retiredAt", NOW.toString()).put("publishUntil", NOW.toString()).encode());

    KeySet keys = store.loadOrCreate(NOW.plus(Duration.ofDays(1)));

    assertEquals(active.kid(), keys.active().kid());
    assertEquals(Set.of(active.kid()), kids(keys.publicJwks(NOW.plus(Duration.ofDays(1)))));
  }

  @Test
  void refusesADamagedRetirementRecord() throws IOException {
    SigningKeyStore store = SigningKeyStore.inDataDir(dataDir);
    SigningKey old = store.loadOrCreate(NOW).active();
    store.rotate(old, SigningKey.generate(), NOW, NOW.plusSeconds(60));
    Path record = dataDir.resolve("keys").resolve(old.kid() + ".retired");
    Files.writeString(record, new JsonObject().put("kid", old.kid()).encode());

    IllegalStateException e = assertThrows(IllegalStateException.class, () -> store.loadOrCreate(NOW));
    assertTrue(e.getMessage().contains("not a valid key retirement record"), e.getMessage());
  }

  private static Set<String> kids(List<JsonObject> jwks) {
    return jwks.stream().map(j -> j.getString("kid")).collect(Collectors.toSet());
  }

  private static String perms(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }
}
