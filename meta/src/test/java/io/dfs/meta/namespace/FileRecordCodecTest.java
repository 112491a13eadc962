package io.dfs.meta.namespace;

import static org.junit.jupiter.api.Assertions.*;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class FileRecordCodecTest {
  private static final String ID = "6f1c2a9e-0b7d-4c1e-9a53-2f8d7e6c5b4a";
  private static final String B1 = "0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d";
  private static final String B2 = "1b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e";

  private static FileRecord pending() {
    return new FileRecord(ID, "alice", "reports/q3 \"final\".csv", 150, 100, 3, FileState.PENDING, 1_700_000_000_000L,
        1_700_000_600_000L, List.of(new BlockRecord(B1, 0, 100, null), new BlockRecord(B2, 100, 50, null)));
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aPendingAndACommittedRecordComeBackAsTheyWent() {
    FileRecord pending = pending();
    assertEquals(pending, FileRecordCodec.decode(FileRecordCodec.encode(pending)));

    FileRecord committed = pending.committed(
        List.of(new BlockCommit(B1, 100, 0xFFFF_FFFFL), new BlockCommit(B2, 50, 0)), 1_700_000_001_000L);
    FileRecord back = FileRecordCodec.decode(FileRecordCodec.encode(committed));
    assertEquals(committed, back);
    assertEquals(0xFFFF_FFFFL, back.blocks().get(0).crc32c());
    assertEquals(0L, back.expiresAt());
  }

  @Test
  void theStoredFormIsTheJsonObjectRecordsHaveAlwaysHad() {
    JsonObject json = new JsonObject(new String(FileRecordCodec.encode(pending()), StandardCharsets.UTF_8));
    assertEquals(new JsonObject()
        .put("id", ID).put("owner", "alice").put("name", "reports/q3 \"final\".csv").put("size", 150)
        .put("blockSize", 100).put("replication", 3).put("state", "pending").put("createdAt", 1_700_000_000_000L)
        .put("blocks", new JsonArray()
            .add(new JsonObject().put("id", B1).put("offset", 0).put("length", 100))
            .add(new JsonObject().put("id", B2).put("offset", 100).put("length", 50)))
        .put("expiresAt", 1_700_000_600_000L), json);
  }

  @Test
  void aRecordWrittenByEarlierReleasesIsRead() {
    String stored = "{\"id\":\"" + ID + "\",\"owner\":\"bob\",\"name\":\"a\",\"size\":100,\"blockSize\":100,"
        + "\"replication\":2,\"state\":\"committed\",\"createdAt\":5,"
        + "\"blocks\":[{\"id\":\"" + B1 + "\",\"offset\":0,\"length\":100,\"crc32c\":4294967295}]}";
    assertEquals(new FileRecord(ID, "bob", "a", 100, 100, 2, FileState.COMMITTED, 5, 0,
        List.of(new BlockRecord(B1, 0, 100, 4294967295L))), FileRecordCodec.decode(utf8(stored)));
  }

  @Test
  void fieldsInAnyOrderAndFieldsItDoesNotKnowAreRead() {
    String stored = "{\"blocks\":[{\"length\":7,\"later\":[1,{\"x\":2}],\"id\":\"" + B1 + "\",\"offset\":0,\"crc32c\":null}],"
        + "\"createdAt\":1,\"state\":\"pending\",\"expiresAt\":9,\"replication\":1,\"blockSize\":100,"
        + "\"size\":7,\"name\":\"n\",\"owner\":\"o\",\"extra\":{\"nested\":[true]},\"id\":\"" + ID + "\"}";
    assertEquals(new FileRecord(ID, "o", "n", 7, 100, 1, FileState.PENDING, 1, 9,
        List.of(new BlockRecord(B1, 0, 7, null))), FileRecordCodec.decode(utf8(stored)));
  }

  @Test
  void aDamagedRecordFailsToReadInsteadOfComingBackWrong() {
    String whole = "{\"id\":\"" + ID + "\",\"owner\":\"bob\",\"name\":\"a\",\"size\":1,\"blockSize\":100,"
        + "\"replication\":2,\"state\":\"committed\",\"createdAt\":5,\"blocks\":[]}";
    assertNotNull(FileRecordCodec.decode(utf8(whole)));
    for (String damaged : List.of(
        whole.replace("\"owner\":\"bob\",", ""),
        whole.replace(",\"blocks\":[]", ""),
        whole.replace("\"blocks\":[]", "\"blocks\":[{\"id\":\"" + B1 + "\",\"length\":1}]"),
        whole.replace("\"blocks\":[]", "\"blocks\":{}"),
        whole.replace("\"blocks\":[]", "\"blocks\":[7]"),
        whole.replace("committed", "gone"),
        whole.substring(0, whole.length() - 5),
        "[]",
        "")) {
      assertThrows(RuntimeException.class, () -> FileRecordCodec.decode(utf8(damaged)), damaged);
    }
  }
}
