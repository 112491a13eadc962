package io.dfs.meta.namespace;

import static org.junit.jupiter.api.Assertions.*;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroupSyncTest {
  private final List<Promise<Void>> syncs = new ArrayList<>();
  private final GroupSync group = new GroupSync(() -> {
    Promise<Void> p = Promise.promise();
    syncs.add(p);
    return p.future();
  });

  @Test
  void everyoneWaitsForASyncThatStartedAfterThemAndOneSyncAnswersManyWrites() {
    Future<Void> first = group.next();
    assertEquals(1, syncs.size());
    // These arrive while the first sync runs: it may not have covered their writes.
    List<Future<Void>> later = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      later.add(group.next());
    }
    assertEquals(1, syncs.size(), "one sync at a time");
    syncs.get(0).complete();
    assertTrue(first.succeeded());
    assertTrue(later.stream().noneMatch(Future::isComplete), "the first sync does not answer later writes");
    assertEquals(2, syncs.size(), "one sync for all fifty");
    syncs.get(1).complete();
    assertTrue(later.stream().allMatch(Future::succeeded));
    Future<Void> idle = group.next();
    assertEquals(3, syncs.size(), "a write after an idle spell starts a sync at once");
    syncs.get(2).complete();
    assertTrue(idle.succeeded());
  }

  @Test
  void aFailedSyncFailsTheWritesItWouldHaveAnsweredOnly() {
    Future<Void> a = group.next();
    Future<Void> b = group.next();
    syncs.get(0).fail(new IllegalStateException("disk gone"));
    assertTrue(a.failed());
    assertFalse(b.isComplete());
    syncs.get(1).complete();
    assertTrue(b.succeeded());
  }
}
