package io.dfs.datanode.membership;

import static org.junit.jupiter.api.Assertions.*;

import io.dfs.common.ids.BlockIds;
import io.dfs.datanode.store.BlockStore.BlockInfo;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlockReportQueueTest {
  private static BlockInfo block(String id) {
    return new BlockInfo(id, 10, -1);
  }

  @Test
  void batchesOldestFirstAsReportJson() {
    BlockReportQueue q = new BlockReportQueue(100);
    String a = BlockIds.newId();
    String b = BlockIds.newId();
    String c = BlockIds.newId();
    q.received(block(a));
    q.deleted(List.of(b));
    q.received(block(c));
    JsonObject first = q.take(2).toJson();
    assertEquals(new JsonArray().add(new JsonObject().put("blockId", a).put("length", 10L).put("crc32c", 0xFFFFFFFFL)),
        first.getJsonArray("received"));
    assertEquals(new JsonArray().add(b), first.getJsonArray("deleted"));
    assertEquals(1, q.size());
    assertEquals(c, q.take(10).events().get(0).blockId());
    assertTrue(q.isEmpty());
  }

  @Test
  void theLatestChangeOfABlockWins() {
    BlockReportQueue q = new BlockReportQueue(100);
    String a = BlockIds.newId();
    q.received(block(a));
    q.deleted(List.of(a));
    JsonObject report = q.take(10).toJson();
    assertEquals(new JsonArray(), report.getJsonArray("received"));
    assertEquals(new JsonArray().add(a), report.getJsonArray("deleted"));
  }

  @Test
  void aFailedBatchGoesBackUnlessTheBlockChangedSince() {
    BlockReportQueue q = new BlockReportQueue(100);
    String a = BlockIds.newId();
    String b = BlockIds.newId();
    q.received(block(a));
    q.received(block(b));
    BlockReportQueue.Batch sent = q.take(10);
    q.deleted(List.of(a));
    assertTrue(q.putBack(sent));
    JsonObject report = q.take(10).toJson();
    assertEquals(new JsonArray().add(a), report.getJsonArray("deleted"), "the newer delete of a was kept");
    assertEquals(b, report.getJsonArray("received").getJsonObject(0).getString("blockId"));
  }

  @Test
  void aGarbageDeletionIsQueuedOnlyBehindAChangeMetaMayNotHaveApplied() {
    BlockReportQueue q = new BlockReportQueue(100);
    String settled = BlockIds.newId();
    String queued = BlockIds.newId();
    String sending = BlockIds.newId();
    q.received(block(settled));
    q.settled(q.take(10));
    q.received(block(sending));
    BlockReportQueue.Batch inFlight = q.take(10);
    q.received(block(queued));

    assertTrue(q.garbageDeleted(List.of(settled, queued, sending)));
    JsonObject report = q.take(10).toJson();
    assertEquals(new JsonArray(), report.getJsonArray("received"));
    assertEquals(new JsonArray().add(queued).add(sending), report.getJsonArray("deleted"));

    q.settled(inFlight);
    q.garbageDeleted(List.of(sending));
    assertTrue(q.isEmpty(), "once its report is answered, meta has the block's last change");

    q.beginFullReport();
    q.garbageDeleted(List.of(settled));
    assertEquals(1, q.size(), "a JOIN's full report may still list any block");
    q.fullReportSettled();
    q.clear();
    q.garbageDeleted(List.of(settled));
    assertTrue(q.isEmpty());
  }

  @Test
  void isBoundedByDistinctBlocks() {
    BlockReportQueue q = new BlockReportQueue(2);
    String a = BlockIds.newId();
    assertTrue(q.received(block(a)));
    assertTrue(q.received(block(BlockIds.newId())));
    assertTrue(q.deleted(List.of(a)), "a change to a queued block takes no new room");
    assertFalse(q.received(block(BlockIds.newId())));
    assertEquals(2, q.size());
    BlockReportQueue.Batch sent = q.take(2);
    q.received(block(BlockIds.newId()));
    q.received(block(BlockIds.newId()));
    assertFalse(q.putBack(sent));
    q.clear();
    assertTrue(q.isEmpty());
  }
}
