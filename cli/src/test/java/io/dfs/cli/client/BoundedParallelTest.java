package io.dfs.cli.client;

import static org.junit.jupiter.api.Assertions.*;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BoundedParallelTest {
  /** Tasks that stay open until the test completes them. */
  private final List<Promise<Integer>> started = new ArrayList<>();

  private Future<Integer> task(int item) {
    Promise<Integer> p = Promise.promise();
    started.add(p);
    return p.future();
  }

  @Test
  void startsATaskOnlyWhenAnEarlierOneFinishesAndKeepsItemOrder() {
    Future<List<Integer>> all = BoundedParallel.map(List.of(1, 2, 3, 4, 5), 2, this::task);
    assertEquals(2, started.size());

    started.get(1).complete(20);
    assertEquals(3, started.size());
    started.get(0).complete(10);
    assertEquals(4, started.size());
    started.get(3).complete(40);
    started.get(2).complete(30);
    assertEquals(5, started.size());
    assertFalse(all.isComplete());
    started.get(4).complete(50);

    assertEquals(List.of(10, 20, 30, 40, 50), all.result());
  }

  @Test
  void afterAFailureStartsNothingAndFailsOnceInFlightTasksEnd() {
    Future<List<Integer>> all = BoundedParallel.map(List.of(1, 2, 3, 4), 2, this::task);
    started.get(0).fail(new IllegalStateException("first"));
    assertEquals(2, started.size(), "no new task after a failure");
    assertFalse(all.isComplete(), "waits for the task still in flight");

    started.get(1).complete(2);

    assertTrue(all.failed());
    assertEquals("first", all.cause().getMessage());
  }

  @Test
  void noItemsCompletesAtOnce() {
    assertEquals(List.of(), BoundedParallel.map(List.<Integer>of(), 3, this::task).result());
  }
}
