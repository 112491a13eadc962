package io.dfs.meta.events;

import static org.junit.jupiter.api.Assertions.*;

import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventLogTest {
  private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(1_700_000_000_000L), ZoneOffset.UTC);

  private static List<Long> seqs(EventLog.Page page) {
    return page.events().stream().map(ClusterEvent::seq).toList();
  }

  @Test
  void numbersEventsFromOneAndAnswersOnlyThoseAfterSince() {
    EventLog log = new EventLog(CLOCK, 10);
    assertEquals(List.of(), log.since(0).events());
    assertEquals(0, log.since(0).lastSeq());

    for (int i = 0; i < 4; i++) {
      log.record(EventKind.NODE_JOINED, "node n" + i + " joined", new JsonObject().put("node", "n" + i));
    }
    assertEquals(List.of(1L, 2L, 3L, 4L), seqs(log.since(0)));
    assertEquals(List.of(3L, 4L), seqs(log.since(2)));
    assertEquals(List.of(), seqs(log.since(4)));
    assertEquals(List.of(), seqs(log.since(99)), "a reader ahead of the log (meta restarted) gets nothing new");
    assertEquals(4, log.since(99).lastSeq(), "but learns where the log is");

    ClusterEvent third = log.since(2).events().get(0);
    assertEquals(EventKind.NODE_JOINED, third.kind());
    assertEquals(CLOCK.millis(), third.timeMs());
    assertEquals(new JsonObject().put("seq", 3L).put("time", CLOCK.millis()).put("kind", "node_joined")
        .put("message", "node n2 joined").put("fields", new JsonObject().put("node", "n2")), third.toJson());
  }

  @Test
  void keepsOnlyTheNewestCapacityEventsAndCountsWhatAReaderMissed() {
    EventLog log = new EventLog(CLOCK, 3);
    for (int i = 1; i <= 7; i++) {
      log.record(EventKind.NODE_EVICTED, "e" + i, null);
    }
    EventLog.Page all = log.since(0);
    assertEquals(List.of(5L, 6L, 7L), seqs(all));
    assertEquals(7, all.lastSeq());
    assertEquals(4, all.missed(), "events 1 to 4 were dropped before this reader saw them");
    assertEquals(1, log.since(3).missed());
    assertEquals(List.of(5L, 6L, 7L), seqs(log.since(3)));
    assertEquals(0, log.since(4).missed());
    assertEquals(List.of(7L), seqs(log.since(6)));
  }

  @Test
  void theFieldsAreCopiesAndMessagesAreBounded() {
    EventLog log = new EventLog(CLOCK, 5);
    JsonObject fields = new JsonObject().put("node", "a");
    log.record(EventKind.CORRUPT_REPLICA, "x".repeat(10_000), fields);
    fields.put("node", "changed afterwards");
    ClusterEvent e = log.since(0).events().get(0);
    assertEquals("a", e.fields().getString("node"));
    assertEquals(EventLog.MAX_MESSAGE_CHARS, e.message().length());
    assertTrue(e.message().endsWith("…"));
    e.toJson().getJsonObject("fields").put("node", "changed by a reader");
    assertEquals("a", log.since(0).events().get(0).fields().getString("node"));
  }

  @Test
  void refusesAnEmptyRing() {
    assertThrows(IllegalArgumentException.class, () -> new EventLog(CLOCK, 0));
  }
}
