package io.dfs.meta.repair;

import static org.junit.jupiter.api.Assertions.*;

import io.dfs.meta.events.ClusterEvent;
import io.dfs.meta.events.EventKind;
import io.dfs.meta.events.EventLog;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RepairProgressTest {
  private final EventLog log = new EventLog(Clock.systemUTC(), 100);
  private final AtomicLong nanos = new AtomicLong();
  private final RepairProgress progress = new RepairProgress(log, nanos::get);

  private List<ClusterEvent> events() {
    return log.since(0).events();
  }

  private void advanceMs(long ms) {
    nanos.addAndGet(ms * 1_000_000);
  }

  @Test
  void oneRoundIsAStartAFewProgressReportsAndAnEndNotOneEventPerBlock() {
    progress.scanned(0, 0, 0, 0, 0);
    assertEquals(List.of(), events(), "nothing to copy, nothing to tell");

    progress.scanned(300, 290, 10, 300, 0);
    for (int i = 0; i < 300; i++) {
      advanceMs(50);
      progress.copied(1024 * 1024);
      progress.tick(300 - i - 1, i == 299 ? 0 : 1);
    }
    // A scan while copies are in flight plans nothing new: the round goes on.
    progress.scanned(0, 0, 0, 0, 1);
    progress.scanned(0, 0, 0, 0, 0);

    List<ClusterEvent> events = events();
    assertEquals(EventKind.REPLICATION_STARTED, events.get(0).kind());
    assertEquals(300, events.get(0).fields().getInteger("copies"));
    assertEquals(10, events.get(0).fields().getLong("missing"));
    // 15 s of copying, a report at most every 5 s.
    List<ClusterEvent> reports = events.stream().filter(e -> e.kind() == EventKind.REPLICATION_PROGRESS).toList();
    assertEquals(3, reports.size(), events.toString());
    assertEquals(100, reports.get(0).fields().getLong("copied"));
    ClusterEvent done = events.get(events.size() - 1);
    assertEquals(EventKind.REPLICATION_DONE, done.kind());
    assertEquals(300, done.fields().getLong("copied"));
    assertEquals(300L * 1024 * 1024, done.fields().getLong("bytes"));
    assertEquals(15_000, done.fields().getLong("tookMs"));
    assertTrue(done.message().startsWith("re-replication finished: 300 copies made (300.0 MiB), 0 failed"),
        done.message());
    assertEquals(5, events.size());
  }

  @Test
  void theRoundEndsOnlyWhenAScanFindsNothingAndNothingIsQueuedOrInFlight() {
    progress.scanned(2, 2, 0, 2, 0);
    progress.failed();
    progress.scanned(0, 1, 0, 1, 0);
    assertEquals(1, events().size(), "still queued");
    progress.scanned(1, 1, 0, 1, 0);
    assertEquals(1, events().size(), "more copies join the running round");
    progress.copied(10);
    progress.scanned(0, 1, 0, 0, 0);
    ClusterEvent done = events().get(1);
    assertEquals(EventKind.REPLICATION_DONE, done.kind());
    assertEquals(1, done.fields().getLong("failed"));
    assertEquals(1, done.fields().getLong("underReplicated"), "a block no copy could fix is named");
    assertTrue(done.message().endsWith("; still 1 under-replicated and 0 missing blocks"), done.message());

    progress.scanned(4, 4, 0, 4, 0);
    assertEquals(EventKind.REPLICATION_STARTED, events().get(2).kind(), "a later loss starts a new round");
  }
}
