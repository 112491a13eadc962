package io.dfs.auth.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthenticatorTest {
  @TempDir
  Path dataDir;
  private Enrollment enrollment;
  private Authenticator authenticator;

  @BeforeEach
  void setUp() throws IOException {
    AccountStore store = AccountStore.open(dataDir);
    PasswordHasher hasher = new PasswordHasher();
    enrollment = new Enrollment(store, hasher);
    authenticator = new Authenticator(store, hasher);
  }

  @Test
  void grantsUsersTheirRolesForTheRightPasswordOnly() throws IOException {
    enrollment.user("alice", "wonderland", true);
    enrollment.user("bob", "builder", false);

    assertEquals(Optional.of(new Grant("alice", List.of("user", "admin"))),
        authenticator.user("alice", "wonderland"));
    assertEquals(Optional.of(new Grant("bob", List.of("user"))), authenticator.user("bob", "builder"));
    assertEquals(Optional.empty(), authenticator.user("alice", "builder"));
    assertEquals(Optional.empty(), authenticator.user("carol", "wonderland"));
    assertEquals(Optional.empty(), authenticator.user("../alice", "wonderland"));
  }

  @Test
  void grantsServicesTheirRole() throws IOException {
    enrollment.service("datanode-1", "datanode", "s3cret");
    enrollment.user("datanode-1", "s3cret", false);

    assertEquals(Optional.of(new Grant("datanode-1", List.of("datanode"))),
        authenticator.service("datanode-1", "s3cret"));
    assertEquals(Optional.empty(), authenticator.service("datanode-1", "wrong"));
    assertEquals(Optional.empty(), authenticator.service("datanode-2", "s3cret"));
    assertEquals(Optional.of(new Grant("datanode-1", List.of("user"))), authenticator.user("datanode-1", "s3cret"),
        "a user of the same name is a different account");
  }

  @Test
  void reAddingAUserReplacesItsPasswordAndRoles() throws IOException {
    assertFalse(enrollment.user("alice", "old", true));
    assertTrue(enrollment.user("alice", "new", false));

    assertEquals(Optional.empty(), authenticator.user("alice", "old"));
    assertEquals(Optional.of(new Grant("alice", List.of("user"))), authenticator.user("alice", "new"));
  }

  @Test
  void enrollmentRefusesBadInputAndWritesNothing() throws IOException {
    assertThrows(IllegalArgumentException.class, () -> enrollment.user("alice", "", false));
    assertThrows(IllegalArgumentException.class, () -> enrollment.user("alice", "x".repeat(1025), false));
    assertThrows(IllegalArgumentException.class, () -> enrollment.user("Alice", "pw", false));
    assertThrows(IllegalArgumentException.class, () -> enrollment.service("n1", "admin", "pw"));
    assertThrows(IllegalArgumentException.class, () -> enrollment.service("n/1", "datanode", "pw"));
    try (var users = Files.list(dataDir.resolve("accounts/users"));
        var services = Files.list(dataDir.resolve("accounts/services"))) {
      assertEquals(0, users.count() + services.count());
    }
  }

  @Test
  void storesTheHashNotThePassword() throws IOException {
    enrollment.user("alice", "wonderland-password", false);
    String file = Files.readString(dataDir.resolve("accounts/users/alice.json"));
    assertFalse(file.contains("wonderland-password"));
    assertTrue(file.contains("$argon2id$v=19$m=19456,t=2,p=1$"), file);
  }
}
