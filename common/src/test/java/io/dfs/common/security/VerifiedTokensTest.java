package io.dfs.common.security;

import static org.junit.jupiter.api.Assertions.*;

import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class VerifiedTokensTest {
  final AtomicLong now = new AtomicLong(1_000_000_000_000L);

  JsonObject claims(long expSeconds) {
    return new JsonObject().put("sub", "alice").put("exp", expSeconds);
  }

  @Test
  void aTokenIsServedUntilItsExpiryAndNotAfter() {
    VerifiedTokens tokens = new VerifiedTokens(100, now::get);
    tokens.put("t1", claims(now.get() / 1000 + 60));
    assertEquals("alice", tokens.get("t1").getString("sub"));
    assertNull(tokens.get("t1x"), "another token text is not the same token");
    now.addAndGet(59_999);
    assertNotNull(tokens.get("t1"));
    now.addAndGet(1);
    assertNull(tokens.get("t1"), "served past its expiry");
    assertEquals(0, tokens.size(), "an expired token is dropped when met");
  }

  @Test
  void tokensWithoutAFutureExpiryAreNotKept() {
    VerifiedTokens tokens = new VerifiedTokens(100, now::get);
    tokens.put("no-exp", new JsonObject().put("sub", "alice"));
    tokens.put("past", claims(now.get() / 1000 - 1));
    assertEquals(0, tokens.size());
  }

  @Test
  void theLeastRecentlyUsedTokenLeavesFirstAndTheBoundHolds() {
    VerifiedTokens tokens = new VerifiedTokens(3, now::get);
    long exp = now.get() / 1000 + 60;
    tokens.put("a", claims(exp));
    tokens.put("b", claims(exp));
    tokens.put("c", claims(exp));
    assertNotNull(tokens.get("a"));
    tokens.put("d", claims(exp));
    assertNull(tokens.get("b"), "b was used least recently");
    assertNotNull(tokens.get("a"));
    for (int i = 0; i < 100; i++) {
      tokens.put("" + (char) ('e' + i), claims(exp));
    }
    assertEquals(3, tokens.size());
  }

  @Test
  void longTokensCountForTheirLength() {
    VerifiedTokens tokens = new VerifiedTokens(10, now::get);
    long exp = now.get() / 1000 + 60;
    tokens.put("aaaa", claims(exp));
    tokens.put("bbbb", claims(exp));
    tokens.put("cccc", claims(exp));
    assertEquals(2, tokens.size(), "12 characters do not fit in 10");
    assertNull(tokens.get("aaaa"));
    tokens.put("x".repeat(11), claims(exp));
    assertNull(tokens.get("x".repeat(11)), "a token longer than the whole budget is not kept");
    assertEquals(2, tokens.size());
  }

  @Test
  void callersCannotChangeWhatIsKept() {
    VerifiedTokens tokens = new VerifiedTokens(100, now::get);
    JsonObject original = claims(now.get() / 1000 + 60);
    tokens.put("t", original);
    original.put("sub", "mallory");
    tokens.get("t").put("sub", "mallory");
    assertEquals("alice", tokens.get("t").getString("sub"));
  }
}
