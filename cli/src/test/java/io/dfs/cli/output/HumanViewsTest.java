package io.dfs.cli.output;

import static org.junit.jupiter.api.Assertions.*;

import io.dfs.cli.client.ClusterState;
import io.dfs.cli.client.FileInfo;
import io.dfs.cli.client.FileSummary;
import io.vertx.core.json.JsonObject;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class HumanViewsTest {
  private final HumanViews views = new HumanViews(ZoneOffset.UTC);

  @Test
  void listsFilesAsAnAlignedTable() {
    String out = views.files(List.of(
        new FileSummary("6f1c2a7e-0000-4000-8000-000000000001", "a.txt", 1000, 1, 1700000000000L),
        new FileSummary("6f1c2a7e-0000-4000-8000-000000000002", "big/file.iso", 3L * 1024 * 1024 * 1024 / 2, 150,
            1700000060000L)));

    assertEquals("""
        ID                                       SIZE  BLOCKS  CREATED              NAME
        6f1c2a7e-0000-4000-8000-000000000001   1000 B       1  2023-11-14 22:13:20  a.txt
        6f1c2a7e-0000-4000-8000-000000000002  1.5 GiB     150  2023-11-14 22:14:20  big/file.iso
        """, out);
    assertEquals("", views.files(List.of()), "no files, no output");
  }

  @Test
  void statShowsSizesAndReplicas() {
    String out = views.stat(FileInfo.fromJson(new JsonObject(JsonViewsTest.FILE)));
    assertTrue(out.contains("size:         146.5 KiB (150000 bytes)\n"), out);
    assertTrue(out.contains("dn-1,dn-2"), out);
    assertTrue(out.contains("(none live)"), out);
    assertTrue(out.contains("ffffffff"), out);
  }

  @Test
  void clusterShowsNodesAndHealth() {
    String out = views.cluster(ClusterState.fromJson(new JsonObject(JsonViewsTest.CLUSTER)));
    assertEquals("""
        NODE  ADDRESS         STATE     USED  CAPACITY  USE%  BLOCKS  HEARTBEAT
        dn-1  127.0.0.1:7201  live   1.0 MiB  10.0 GiB  0.0%      12   0.4s ago
        dn-2  127.0.0.1:7202  dead       0 B  10.0 GiB  0.0%       0   9.0s ago
        """, out.substring(0, out.indexOf("\n\n") + 1));
    assertTrue(out.contains("live nodes:              1 of 2\n"), out);
    assertTrue(out.contains("under-replicated blocks: 3\n"), out);
    assertTrue(out.contains("missing blocks:          1\n"), out);
  }
}
