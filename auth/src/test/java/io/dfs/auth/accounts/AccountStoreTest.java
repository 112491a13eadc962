package io.dfs.auth.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccountStoreTest {
  private static final String HASH = PasswordHasher.PHC_PREFIX + "c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaA";

  @TempDir
  Path dataDir;
  private AccountStore store;

  @BeforeEach
  void open() throws IOException {
    store = AccountStore.open(dataDir);
  }

  @Test
  void keepsUsersAndServicesAsOwnerOnlyJsonFiles() throws IOException {
    assertFalse(store.saveUser(new UserAccount("alice", HASH, List.of("user", "admin"))));
    assertFalse(store.saveService(new ServiceAccount("datanode-1", HASH, "datanode")));

    Path userFile = dataDir.resolve("accounts/users/alice.json");
    Path serviceFile = dataDir.resolve("accounts/services/datanode-1.json");
    assertEquals(new JsonObject().put("name", "alice").put("hash", HASH)
            .put("roles", new JsonArray().add("user").add("admin")),
        new JsonObject(Files.readString(userFile)));
    assertEquals(new JsonObject().put("id", "datanode-1").put("hash", HASH).put("role", "datanode"),
        new JsonObject(Files.readString(serviceFile)));
    assertEquals("rw-------", perms(userFile));
    assertEquals("rw-------", perms(serviceFile));
    for (String dir : List.of("accounts", "accounts/users", "accounts/services")) {
      assertEquals("rwx------", perms(dataDir.resolve(dir)), dir);
    }

    assertEquals(Optional.of(new UserAccount("alice", HASH, List.of("user", "admin"))), store.findUser("alice"));
    assertEquals(Optional.of(new ServiceAccount("datanode-1", HASH, "datanode")), store.findService("datanode-1"));
    assertEquals(Optional.empty(), store.findUser("bob"));
    assertEquals(Optional.empty(), store.findService("alice"), "users and services are apart");
  }

  @Test
  void replacingAnAccountLeavesOnlyItsFile() throws IOException {
    store.saveUser(new UserAccount("alice", HASH, List.of("user")));
    String other = HASH.replace("aGFz", "b3Ro");
    assertTrue(store.saveUser(new UserAccount("alice", other, List.of("user"))));

    assertEquals(other, store.findUser("alice").orElseThrow().hash());
    assertEquals(List.of(dataDir.resolve("accounts/users/alice.json")), list(dataDir.resolve("accounts/users")));
  }

  @Test
  void aStaleTempFileFromACrashIsIgnored() throws IOException {
    store.saveUser(new UserAccount("alice", HASH, List.of("user")));
    Files.writeString(dataDir.resolve("accounts/users/.tmp-alice.json-0a1b2c"), "{\"torn");

    assertEquals(HASH, store.findUser("alice").orElseThrow().hash());
  }

  @Test
  void badNamesFindNothingAndNeverReachTheDisk() throws IOException {
    Files.writeString(dataDir.resolve("accounts/secret.json"), new JsonObject().put("name", "../secret")
        .put("hash", HASH).put("roles", new JsonArray().add("user")).encode());

    assertEquals(Optional.empty(), store.findUser("../secret"));
    assertEquals(Optional.empty(), store.findService("../users/alice"));
    assertThrows(IllegalArgumentException.class, () -> new UserAccount("../evil", HASH, List.of("user")));
    assertThrows(IllegalArgumentException.class, () -> new ServiceAccount("Node/1", HASH, "datanode"));
    assertEquals(List.of(), list(dataDir.resolve("accounts/users")));
    assertEquals(List.of(), list(dataDir.resolve("accounts/services")));
  }

  @Test
  void aUserCanNeverHoldAServiceRole() {
    assertThrows(IllegalArgumentException.class, () -> new UserAccount("bob", HASH, List.of("user", "datanode")));
    assertThrows(IllegalArgumentException.class, () -> new UserAccount("bob", HASH, List.of("admin")));
    assertThrows(IllegalArgumentException.class, () -> new ServiceAccount("n1", HASH, "admin"));
    assertThrows(IllegalArgumentException.class, () -> new ServiceAccount("n1", HASH, null));
  }

  @Test
  void damagedFilesAreReportedNotTrusted() throws IOException {
    Path users = dataDir.resolve("accounts/users");
    Files.writeString(users.resolve("torn.json"), "{\"name\": \"torn\", \"ha");
    Files.writeString(users.resolve("moved.json"), new JsonObject().put("name", "alice").put("hash", HASH)
        .put("roles", new JsonArray().add("user")).encode());
    Files.writeString(users.resolve("sneaky.json"), new JsonObject().put("name", "sneaky").put("hash", HASH)
        .put("roles", new JsonArray().add("user").add("meta")).encode());
    Files.writeString(users.resolve("nohash.json"), new JsonObject().put("name", "nohash")
        .put("roles", new JsonArray().add("user")).encode());

    for (String name : List.of("torn", "moved", "sneaky", "nohash")) {
      AccountStore.CorruptAccountException e = assertThrows(AccountStore.CorruptAccountException.class,
          () -> store.findUser(name), name);
      assertTrue(e.getMessage().contains(name + ".json"), e.getMessage());
    }
  }

  private static String perms(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  private static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    }
  }
}
