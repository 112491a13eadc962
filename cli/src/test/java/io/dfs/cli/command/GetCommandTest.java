package io.dfs.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GetCommandTest {
  @TempDir Path dir;

  @Test
  void theTargetDefaultsToTheNamesLastSegment() {
    assertEquals(Path.of("c d.txt"), GetCommand.target(null, "a/b/c d.txt"));
    assertEquals(Path.of("plain"), GetCommand.target(null, "plain"));
  }

  @Test
  void anExistingDirectoryReceivesTheFileUnderItsName() throws Exception {
    Path sub = Files.createDirectory(dir.resolve("sub"));
    assertEquals(sub.resolve("x.bin"), GetCommand.target(sub.toString(), "dir/x.bin"));
    assertEquals(dir.resolve("new.bin"), GetCommand.target(dir.resolve("new.bin").toString(), "dir/x.bin"));
  }
}
