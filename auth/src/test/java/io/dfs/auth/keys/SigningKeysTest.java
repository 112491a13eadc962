package io.dfs.auth.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dfs.auth.testsupport.TestClock;
import io.dfs.common.config.AuthConfig;
import io.dfs.common.config.ConfigLoader;
import io.dfs.common.error.DfsException;
import io.dfs.common.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class SigningKeysTest {
  @TempDir
  Path dataDir;
  private final TestClock clock = new TestClock();

  private SigningKeys load(Vertx vertx) {
    AuthConfig config = ConfigLoader.fromJson(new JsonObject().put("dataDir", dataDir.toString()).encode(),
        AuthConfig.class);
    return SigningKeys.load(vertx, dataDir, config, clock).await();
  }

  @Test
  void aSecondRotationWhileOneIsUnderWayIsRefused(Vertx vertx) {
    SigningKeys keys = load(vertx);
    Promise<List<Future<SigningKeys.Rotation>>> both = Promise.promise();
    // On one event loop turn: the first rotation cannot finish before the second asks.
    vertx.runOnContext(v -> both.complete(List.of(keys.rotate(), keys.rotate())));
    List<Future<SigningKeys.Rotation>> rotations = both.future().await();

    DfsException e = assertThrows(DfsException.class, () -> rotations.get(1).await());
    assertEquals(ErrorCode.CONFLICT, e.code());
    SigningKeys.Rotation first = rotations.get(0).await();
    assertEquals(first.kid(), keys.activeKid());
    keys.rotate().await();
  }

  @Test
  void aRotationThatCannotBeWrittenLeavesTheOldKeySigning(Vertx vertx) throws IOException {
    SigningKeys keys = load(vertx);
    String kid = keys.activeKid();
    Path active = dataDir.resolve("keys/active");
    // A non-empty directory cannot be replaced by a file, so switching 'active' fails.
    Files.delete(active);
    Files.createDirectories(active.resolve("in-the-way"));

    assertThrows(IOException.class, () -> keys.rotate().await());

    assertEquals(kid, keys.activeKid());
    assertEquals(Set.of(kid), kids(keys.jwksDocument()));
    assertEquals(kid, kidOfToken(keys.signer().sign("alice", List.of())));
    assertTrue(Files.exists(dataDir.resolve("keys").resolve(kid + ".key.pem")));

    Files.delete(active.resolve("in-the-way"));
    Files.delete(active);
    SigningKeys.Rotation rotation = keys.rotate().await();
    assertEquals(kid, rotation.previousKid());
    assertFalse(kid.equals(keys.activeKid()));
  }

  private static Set<String> kids(JsonObject jwks) {
    return jwks.getJsonArray("keys").stream().map(k -> ((JsonObject) k).getString("kid")).collect(Collectors.toSet());
  }

  private static String kidOfToken(String token) {
    String header = new String(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))),
        StandardCharsets.UTF_8);
    return new JsonObject(header).getString("kid");
  }
}
