package io.dfs.meta.http;

import static org.junit.jupiter.api.Assertions.*;

import io.dfs.meta.namespace.ListedFile;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class FileJsonTest {
  @Test
  void listGivesEachFilesSummaryInOrder() {
    ListedFile two = new ListedFile("id-2", "dir/\"quoted\" \\ naïve ✓", 300, 2, 1_700_000_000_123L);
    ListedFile empty = new ListedFile("id-1", "a", 0, 0, 5);

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
