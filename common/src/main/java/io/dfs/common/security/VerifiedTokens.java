package io.dfs.common.security;

import io.vertx.core.json.JsonObject;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Claims of tokens that passed the full check, kept until the token's own {@code exp}, so a
 * client sending the same token with every request costs one signature check, not one per
 * request. Keyed by the whole token text: a token that differs in any byte is checked afresh.
 * Bounded by the total length of the tokens held (block tokens naming many blocks are long),
 * least recently used first out; a token is never served past its expiry, without the leeway the
 * full check allows.
 */
final class VerifiedTokens {
  /**
   * Token text held at most, in characters: a few hundred block tokens of 16 blocks, or a
   * thousand login tokens. A block token is reused for seconds, while its file moves, so more buys
   * few hits; at 2 Mi characters the cache and its claims took about 5 MiB of a data node's live
   * heap of 21 MiB.
   */
  static final long DEFAULT_BUDGET_CHARS = 512L * 1024;

  private record Entry(JsonObject claims, long expiresAtMillis) {}

  private final long budgetChars;
  private final LongSupplier clock;
  private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(64, 0.75f, true);
  private long heldChars;

  VerifiedTokens(long budgetChars, LongSupplier clock) {
    this.budgetChars = budgetChars;
    this.clock = clock;
  }

  /** The claims of {@code token} if it passed before and has not expired since; else null. */
  synchronized JsonObject get(String token) {
    Entry e = entries.get(token);
    if (e == null) {
      return null;
    }
    if (clock.getAsLong() >= e.expiresAtMillis()) {
      entries.remove(token);
      heldChars -= token.length();
      return null;
    }
    return e.claims().copy();
  }

  /** Remembers the claims of a token that just passed the full check. */
  void put(String token, JsonObject claims) {
    Object exp = claims.getValue("exp");
    if (!(exp instanceof Number n) || token.length() > budgetChars) {
      return;
    }
    long expiresAt = n.longValue() * 1000;
    if (expiresAt <= clock.getAsLong()) {
      return;
    }
    Entry entry = new Entry(claims.copy(), expiresAt);
    synchronized (this) {
      if (entries.put(token, entry) == null) {
        heldChars += token.length();
      }
      Iterator<Map.Entry<String, Entry>> eldest = entries.entrySet().iterator();
      while (heldChars > budgetChars && eldest.hasNext()) {
        heldChars -= eldest.next().getKey().length();
        eldest.remove();
      }
    }
  }

  synchronized int size() {
    return entries.size();
  }
}
