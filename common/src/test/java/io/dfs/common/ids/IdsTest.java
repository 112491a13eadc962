package io.dfs.common.ids;

import static org.junit.jupiter.api.Assertions.*;

import io.dfs.common.error.DfsException;
import io.dfs.common.error.ErrorCode;
import org.junit.jupiter.api.Test;

class IdsTest {
  @Test
  void blockIdsMustBeCanonical() {
    String id = BlockIds.newId();
    assertEquals(id, BlockIds.require(id));
    for (String bad : new String[] {"1-1-1-1-1", "../../etc/passwd", "..%2F..%2Fetc", "%2e%2e/", "/etc/passwd",
        "a/b", "a\\b", "%00", "", id.toUpperCase(), id + "0", id.substring(1), id.replace('-', '_')}) {
      DfsException e = assertThrows(DfsException.class, () -> BlockIds.require(bad), bad);
      assertEquals(ErrorCode.INVALID_BLOCK_ID, e.code());
    }
    assertThrows(DfsException.class, () -> BlockIds.require(null));
    assertThrows(DfsException.class, () -> BlockIds.require(42));
  }

  @Test
  void fileNames() {
    assertEquals("a.txt", FileNames.require("a.txt"));
    assertEquals("dir/sub/a b.txt", FileNames.require("dir/sub/a b.txt"));
    assertEquals("ünïcødé", FileNames.require("ünïcødé"));
    for (String bad : new String[] {"", "/", "//", "a\0b", "..", "a/../b", "./a", "a/", "/a", "a//b", "x\n",
        "y".repeat(FileNames.MAX_LENGTH + 1), BlockIds.newId()}) {
      DfsException e = assertThrows(DfsException.class, () -> FileNames.require(bad), bad);
      assertEquals(ErrorCode.INVALID_NAME, e.code());
    }
    assertThrows(DfsException.class, () -> FileNames.require(null));
    assertThrows(DfsException.class, () -> FileNames.require(7));
  }
}
