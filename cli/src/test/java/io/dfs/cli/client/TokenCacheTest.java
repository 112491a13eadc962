package io.dfs.cli.client;

import static org.junit.jupiter.api.Assertions.*;

import io.dfs.common.error.DfsException;
import io.dfs.common.error.ErrorCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenCacheTest {
  private static final long NOW = 1_700_000_000_000L;
  private static final String AUTH = "http://127.0.0.1:7000";

  @TempDir Path dir;

  private static Clock at(long millis) {
    return Clock.fixed(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
  }

  @Test
  void savesAtomicallyWithOwnerOnlyPermissions() throws Exception {
    Path home = dir.resolve("home").resolve(".dfs");
    TokenCache cache = new TokenCache(home, at(NOW));

    cache.save(new CachedToken("jwt-1", NOW + 900_000, "alice", AUTH));
    cache.save(new CachedToken("jwt-2", NOW + 900_000, "alice", AUTH));

    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home)));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cache.file())));
    try (var entries = Files.list(home)) {
      assertEquals(1, entries.count(), "only token.json, no temp file");
    }
    assertEquals(new CachedToken("jwt-2", NOW + 900_000, "alice", AUTH), cache.require(AUTH));
  }

  @Test
  void theFileHoldsTheDocumentedFields() throws Exception {
    TokenCache cache = new TokenCache(dir, at(NOW));
    cache.save(new CachedToken("jwt", NOW + 1000, "bob", AUTH));
    var json = new io.vertx.core.json.JsonObject(Files.readString(cache.file()));
    assertEquals(java.util.Set.of("token", "expiresAt", "user", "authUrl"), json.fieldNames());
  }

  @Test
  void aMissingTokenMeansNotLoggedIn() {
    DfsException e = assertThrows(DfsException.class, () -> new TokenCache(dir, at(NOW)).require(AUTH));
    assertEquals(ErrorCode.UNAUTHORIZED, e.code());
    assertEquals("not logged in (or session expired): run 'dfs login'", e.getMessage());
  }

  @Test
  void anExpiredOrNearlyExpiredTokenMeansNotLoggedIn() {
    new TokenCache(dir, at(NOW)).save(new CachedToken("jwt", NOW + 60_000, "alice", AUTH));

    assertEquals("jwt", new TokenCache(dir, at(NOW + 50_000)).require(AUTH).token());
    assertThrows(DfsException.class, () -> new TokenCache(dir, at(NOW + 60_000)).require(AUTH));
    assertThrows(DfsException.class, () -> new TokenCache(dir, at(NOW + 60_000 - TokenCache.EXPIRY_MARGIN_MS)).require(AUTH));
  }

  @Test
  void aTokenFromAnotherAuthServerIsNotUsed() {
    new TokenCache(dir, at(NOW)).save(new CachedToken("jwt", NOW + 600_000, "alice", "http://other:7000"));
    assertThrows(DfsException.class, () -> new TokenCache(dir, at(NOW)).require(AUTH));
    assertEquals("jwt", new TokenCache(dir, at(NOW)).require(AUTH.replace("7000", "7000/").replace("127.0.0.1", "other")).token());
  }

  @Test
  void aTokenWithoutIssuerOrAnUnreadableFileIsHandled() throws Exception {
    Files.writeString(dir.resolve("token.json"), "{\"token\":\"jwt\",\"expiresAt\":" + (NOW + 600_000) + "}");
    assertEquals("jwt", new TokenCache(dir, at(NOW)).require(AUTH).token());

    Files.writeString(dir.resolve("token.json"), "{not json");
    assertThrows(DfsException.class, () -> new TokenCache(dir, at(NOW)).require(AUTH));
  }

  @Test
  void homeComesFromDfsHomeOrDefaultsUnderTheUsersHome() {
    assertEquals(Path.of("/custom/home"), TokenCache.defaultHome(Map.of("DFS_HOME", "/custom/home")));
    assertEquals(Path.of(System.getProperty("user.home"), ".dfs"), TokenCache.defaultHome(Map.of()));
  }
}
