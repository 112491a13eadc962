package io.dfs.meta.http;

import static org.junit.jupiter.api.Assertions.*;

import io.dfs.meta.namespace.BlockRecord;
import io.dfs.meta.namespace.FileRecord;
import io.dfs.meta.namespace.FileState;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class FileJsonTest {
  @Test
  void listGivesEachFilesSummaryInOrder() {
    FileRecord two = new FileRecord("id-2", "alice", "dir/\"quoted\" \\ naïve ✓", 300, 200, 3,
        FileState.COMMITTED, 1_700_000_000_123L, 0,
        List.of(new BlockRecord("b1", 0, 200, 7L), new BlockRecord("b2", 200, 100, 9L)));
    FileRecord empty = new FileRecord("id-1", "alice", "a", 0, 0, 3, FileState.COMMITTED, 5, 0, List.of());

    JsonObject listed = new JsonObject(FileJson.list(List.of(empty, two)));

    assertEquals(new JsonObject().put("files", new JsonArray()
        .add(new JsonObject().put("id", "id-1").put("name", "a").put("size", 0).put("blocks", 0).put("createdAt", 5))
        .add(new JsonObject().put("id", "id-2").put("name", "dir/\"quoted\" \\ naïve ✓").put("size", 300)
            .put("blocks", 2).put("createdAt", 1_700_000_000_123L))), listed);
  }

  @Test
  void anEmptyListIsAnEmptyArray() {
    assertEquals(new JsonObject().put("files", new JsonArray()), new JsonObject(FileJson.list(List.of())));
  }
}
