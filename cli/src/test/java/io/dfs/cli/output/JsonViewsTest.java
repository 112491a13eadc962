package io.dfs.cli.output;

import static org.junit.jupiter.api.Assertions.*;

import io.dfs.cli.client.ClusterState;
import io.dfs.cli.client.DeletedFile;
import io.dfs.cli.client.FileInfo;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The --json shapes, built from meta answers as docs/PROTOCOL.md writes them (extra fields and all). */
class JsonViewsTest {
  static final String FILE = """
      {"id":"6f1c2a7e-0000-4000-8000-000000000001","name":"dir/a b.bin","size":150000,"blockSize":102400,
       "replication":3,"createdAt":1700000000000,
       "blocks":[
         {"id":"0b0c0d0e-0000-4000-8000-00000000000a","offset":0,"length":102400,"crc32c":4294967295,
          "replicas":[{"node":"dn-1","host":"127.0.0.1","port":7201},{"node":"dn-2","host":"127.0.0.1","port":7202}],
          "blockToken":null},
         {"id":"0b0c0d0e-0000-4000-8000-00000000000b","offset":102400,"length":47600,"crc32c":17,
          "replicas":[]}]}
      """;

  static final String CLUSTER = """
      {"nodes":[
         {"id":"dn-1","address":"127.0.0.1:7201","state":"live","usedBytes":1048576,"capacityBytes":10737418240,
          "blocks":12,"lastHeartbeatAgeMs":420},
         {"id":"dn-2","address":"127.0.0.1:7202","state":"dead","usedBytes":0,"capacityBytes":10737418240,
          "blocks":0,"lastHeartbeatAgeMs":9000,"deadSince":1700000005000,"deadReason":"missed 2 heartbeats"}],
       "underReplicatedBlocks":3,"missingBlocks":1,"files":4,"liveNodes":1}
      """;

  static final String LIST = """
      {"files":[{"id":"6f1c2a7e-0000-4000-8000-000000000001","name":"a.txt","size":1000,"blocks":1,
                 "createdAt":1700000000000}]}
      """;

  @Test
  void statHasExactlyTheDocumentedFields() {
    JsonObject stat = JsonViews.stat(FileInfo.fromJson(new JsonObject(FILE)));

    assertEquals(Set.of("id", "name", "size", "blocks"), stat.fieldNames());
    assertEquals("dir/a b.bin", stat.getString("name"));
    assertEquals(150000L, stat.getLong("size"));
    JsonArray blocks = stat.getJsonArray("blocks");
    assertEquals(2, blocks.size());
    JsonObject first = blocks.getJsonObject(0);
    assertEquals(Set.of("id", "offset", "length", "crc32c", "replicas"), first.fieldNames());
    assertEquals(4294967295L, first.getLong("crc32c"), "CRC32C stays an unsigned number");
    assertEquals(new JsonObject().put("node", "dn-1").put("host", "127.0.0.1").put("port", 7201),
        first.getJsonArray("replicas").getJsonObject(0));
    assertEquals(new JsonArray(), blocks.getJsonObject(1).getJsonArray("replicas"));
  }

  @Test
  void clusterHasExactlyTheDocumentedFields() {
    JsonObject cluster = JsonViews.cluster(ClusterState.fromJson(new JsonObject(CLUSTER)));

    assertEquals(Set.of("nodes", "underReplicatedBlocks", "missingBlocks"), cluster.fieldNames());
    assertEquals(3L, cluster.getLong("underReplicatedBlocks"));
    assertEquals(1L, cluster.getLong("missingBlocks"));
    JsonObject live = cluster.getJsonArray("nodes").getJsonObject(0);
    assertEquals(Set.of("id", "address", "state", "usedBytes", "capacityBytes", "blocks"), live.fieldNames());
    assertEquals("live", live.getString("state"));
    JsonObject dead = cluster.getJsonArray("nodes").getJsonObject(1);
    assertEquals(Set.of("id", "address", "state", "usedBytes", "capacityBytes", "blocks", "deadSince", "deadReason"),
        dead.fieldNames(), "a dead node also says when and why");
    assertEquals("dead", dead.getString("state"));
    assertEquals("127.0.0.1:7202", dead.getString("address"));
    assertEquals(1700000005000L, dead.getLong("deadSince"));
    assertEquals("missed 2 heartbeats", dead.getString("deadReason"));
  }

  @Test
  void aDeleteHasExactlyTheDocumentedFields() {
    JsonObject rm = JsonViews.deleted(new DeletedFile("6f1c2a7e-0000-4000-8000-000000000001", "dir/a b.bin"));

    assertEquals(new JsonObject().put("id", "6f1c2a7e-0000-4000-8000-000000000001").put("name", "dir/a b.bin")
        .put("deleted", true), rm);
  }

  @Test
  void filesHaveExactlyTheDocumentedFields() {
    JsonObject answer = new JsonObject(LIST);
    var files = answer.getJsonArray("files").stream()
        .map(o -> new io.dfs.cli.client.FileSummary(((JsonObject) o).getString("id"), ((JsonObject) o).getString("name"),
            ((JsonObject) o).getLong("size"), ((JsonObject) o).getLong("blocks"), ((JsonObject) o).getLong("createdAt")))
        .toList();

    JsonObject ls = JsonViews.files(files);

    assertEquals(Set.of("files"), ls.fieldNames());
    assertEquals(new JsonObject().put("id", "6f1c2a7e-0000-4000-8000-000000000001").put("name", "a.txt")
        .put("size", 1000L).put("createdAt", 1700000000000L), ls.getJsonArray("files").getJsonObject(0));
    assertEquals(new JsonObject().put("files", new JsonArray()), JsonViews.files(List.of()));
  }

  @Test
  void anAnswerMissingARequiredFieldIsRefusedClearly() {
    JsonObject broken = new JsonObject(FILE);
    broken.getJsonArray("blocks").getJsonObject(0).remove("crc32c");
    Exception e = assertThrows(RuntimeException.class, () -> FileInfo.fromJson(broken));
    assertEquals("server answered a file without a valid 'crc32c'", e.getMessage());
  }

  @Test
  void anAnswerWhoseBlocksDoNotCoverTheFileIsRefused() {
    JsonObject broken = new JsonObject(FILE).put("size", 150001);
    Exception e = assertThrows(RuntimeException.class, () -> FileInfo.fromJson(broken));
    assertTrue(e.getMessage().contains("covering 150000 of its 150001 bytes"), e.getMessage());
  }
}
