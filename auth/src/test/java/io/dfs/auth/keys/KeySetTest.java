package io.dfs.auth.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.dfs.common.security.SigningKey;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeySetTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void aRotationRetiresTheActiveKeyAndDropsKeysAlreadyGone() {
    SigningKey first = SigningKey.generate();
    SigningKey second = SigningKey.generate();
    SigningKey third = SigningKey.generate();
    KeySet keys = new KeySet(first, List.of(new PublishedKey(first.publicJwk(), null)), true);

    KeySet once = keys.rotatedTo(second, NOW, NOW.plus(Duration.ofMinutes(1)));
    KeySet twice = once.rotatedTo(third, NOW.plus(Duration.ofMinutes(2)), NOW.plus(Duration.ofMinutes(3)));

    assertEquals(second, once.active());
    assertEquals(List.of(first.kid(), second.kid()), kids(once.publicJwks(NOW)));
    assertEquals(List.of(second.kid()), kids(once.publicJwks(NOW.plus(Duration.ofMinutes(1)))));
    assertEquals(List.of(second.kid(), third.kid()), twice.published().stream().map(PublishedKey::kid).toList(),
        "the first key was no longer published at the second rotation");
    assertNull(twice.published().get(1).until(), "the active key has no end");
    assertEquals(NOW.plus(Duration.ofMinutes(3)), twice.published().get(0).until());
  }

  @Test
  void publishedKeysAreCopiesThatCannotBeChangedFromOutside() {
    SigningKey key = SigningKey.generate();
    JsonObject jwk = key.publicJwk();
    PublishedKey published = new PublishedKey(jwk, null);
    jwk.put("kid", "other");
    published.jwk().put("kid", "other");

    assertEquals(key.kid(), published.kid());
  }

  private static List<String> kids(List<JsonObject> jwks) {
    return jwks.stream().map(j -> j.getString("kid")).toList();
  }
}
