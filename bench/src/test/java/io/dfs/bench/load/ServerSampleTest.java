package io.dfs.bench.load;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerSampleTest {
  @TempDir Path dir;

  @Test
  void aTableHeldOpenAfterItsDeletionIsAKindOfItsOwn() throws IOException {
    long pid = ProcessHandle.current().pid();
    Path live = Files.writeString(dir.resolve("000007.sst"), "table");
    Path dropped = Files.writeString(dir.resolve("000003.sst"), "table");
    try (FileChannel kept = FileChannel.open(live, StandardOpenOption.READ);
        FileChannel leaked = FileChannel.open(dropped, StandardOpenOption.READ)) {
      Files.delete(dropped);
      Map<String, Long> kinds = ServerSample.openFiles("me", pid, SocketTable.read(pid, Map.of("me", pid)));
      assertEquals(1L, kinds.get(ServerSample.LIVE_TABLES), kinds.toString());
      assertEquals(1L, kinds.get("sst (deleted)"), kinds.toString());
    }
  }

  @Test
  void liveTablesAreLeftOutOfTheComparedCountAndDeletedOnesAreNot() {
    Map<String, Long> fresh = Map.of("file", 9L, "log", 3L, "socket unix", 2L);
    Map<String, Long> compacted = Map.of("file", 9L, "log", 3L, "socket unix", 2L, "sst", 5L);
    Map<String, Long> leaking = Map.of("file", 9L, "log", 3L, "socket unix", 2L, "sst", 2L, "sst (deleted)", 4L);
    assertEquals(14, ServerSample.compared(fresh));
    assertEquals(14, ServerSample.compared(compacted));
    assertEquals(18, ServerSample.compared(leaking));
  }
}
