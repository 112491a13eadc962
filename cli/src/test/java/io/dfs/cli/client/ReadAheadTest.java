package io.dfs.cli.client;

import static org.junit.jupiter.api.Assertions.*;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReadAheadTest {
  /** Fetches that complete only when the test says so, by block id, in the order they started. */
  private final Map<String, Promise<String>> fetches = new LinkedHashMap<>();

  private ReadAhead<String> readAhead(List<FileInfo.FileBlock> blocks, int maxBlocks, long maxBytes) {
    return new ReadAhead<>(blocks, maxBlocks, maxBytes, b -> {
      Promise<String> p = Promise.promise();
      fetches.put(b.id(), p);
      return p.future();
    });
  }

  private static List<FileInfo.FileBlock> blocks(long... lengths) {
    List<FileInfo.FileBlock> out = new ArrayList<>();
    long offset = 0;
    for (int i = 0; i < lengths.length; i++) {
      out.add(new FileInfo.FileBlock("b" + i, offset, lengths[i], 0, List.of(), null));
      offset += lengths[i];
    }
    return out;
  }

  private List<String> started() {
    return List.copyOf(fetches.keySet());
  }

  @Test
  void handsOutBlocksInFileOrderWithAtMostItsLimitInFlight() {
    ReadAhead<String> ahead = readAhead(blocks(10, 10, 10, 10, 10), 3, 1_000);

    Future<String> first = ahead.take();
    assertEquals(List.of("b0", "b1", "b2"), started(), "the first take starts as many as the limit allows");
    fetches.get("b1").complete("one");
    fetches.get("b0").complete("zero");
    assertEquals("zero", first.result(), "a block that came in early waits its turn");

    assertEquals("one", ahead.take().result());
    assertEquals(List.of("b0", "b1", "b2", "b3"), started(), "the next starts once one is taken");
    fetches.get("b2").complete("two");
    assertEquals("two", ahead.take().result());
    assertEquals(List.of("b0", "b1", "b2", "b3", "b4"), started());
    ahead.take();
    ahead.take();
    assertThrows(IllegalStateException.class, ahead::take);
  }

  @Test
  void holdsNoMoreBytesThanItsBudgetPastTheFirstBlock() {
    ReadAhead<String> ahead = readAhead(blocks(60, 30, 30, 100, 10), 8, 64);

    ahead.take();
    assertEquals(List.of("b0"), started(), "60 + 30 is over the budget of 64");
    ahead.take();
    assertEquals(List.of("b0", "b1", "b2"), started(), "30 + 30 fits");
    ahead.take();
    assertEquals(List.of("b0", "b1", "b2"), started(), "b3 waits: 30 + 100 is over the budget");
    ahead.take();
    assertEquals(List.of("b0", "b1", "b2", "b3"), started(), "a block larger than the budget still goes, alone");
    ahead.take();
    assertEquals(List.of("b0", "b1", "b2", "b3", "b4"), started());
  }
}
