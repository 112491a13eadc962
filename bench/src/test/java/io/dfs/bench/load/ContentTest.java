package io.dfs.bench.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentTest {
  @TempDir Path dir;

  @Test
  void aSeedNamesItsBytesAndTheDigestIsTheFilesOfAnySize() throws Exception {
    for (long size : new long[] {1, 7, 8, 4096, 65_536, 65_537, 200_003}) {
      Path a = dir.resolve("a");
      Path b = dir.resolve("b");
      String sha = Content.write(a, size, 42);
      assertEquals(sha, Content.write(b, size, 42));
      byte[] bytes = Files.readAllBytes(a);
      assertEquals(size, bytes.length);
      assertArrayEquals(bytes, Files.readAllBytes(b));
      assertEquals(HexFormat.of().formatHex(Content.sha256().digest(bytes)), sha);
    }
  }

  @Test
  void anotherSeedGivesOtherBytesAndAShorterWriteReplacesTheFile() throws Exception {
    Path file = dir.resolve("f");
    String first = Content.write(file, 65_537, 1);
    assertNotEquals(first, Content.write(file, 65_537, 2));
    byte[] bytes = Files.readAllBytes(file);
    Content.write(file, 100, 2);
    byte[] shorter = Files.readAllBytes(file);
    assertEquals(100, shorter.length);
    assertArrayEquals(Arrays.copyOf(bytes, 100), shorter);
    assertFalse(Arrays.equals(new byte[100], shorter), "the bytes are not all zero");
  }
}
