package io.dfs.auth.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateFilesTest {
  @TempDir
  Path tmp;

  @Test
  void writesOwnerOnlyFileAndLeavesNoTempBehind() throws IOException {
    Path dir = PrivateFiles.ensureDirectory(tmp.resolve("a/b"));
    Path file = dir.resolve("x.json");

    PrivateFiles.writeAtomically(file, bytes("first"));
    PrivateFiles.writeAtomically(file, bytes("second"));

    assertEquals("second", Files.readString(file));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
    assertEquals(List.of(file), list(dir));
  }

  @Test
  void aFailedReplaceKeepsTheOldContentAndRemovesItsTempFile() throws IOException {
    Path dir = PrivateFiles.ensureDirectory(tmp.resolve("d"));
    // A non-empty directory cannot be replaced by a file: the rename fails after the temp was written.
    Path target = Files.createDirectory(dir.resolve("target"));
    Path inside = Files.writeString(target.resolve("keep"), "old");

    assertThrows(IOException.class, () -> PrivateFiles.writeAtomically(target, bytes("new")));

    assertEquals("old", Files.readString(inside));
    assertEquals(List.of(target), list(dir));
  }

  @Test
  void readRefusesFilesAboveTheBound() throws IOException {
    Path file = Files.write(tmp.resolve("big"), new byte[101]);
    assertArrayEquals(new byte[101], PrivateFiles.readBounded(file, 101));
    IOException e = assertThrows(IOException.class, () -> PrivateFiles.readBounded(file, 100));
    assertTrue(e.getMessage().contains("larger than 100 bytes"), e.getMessage());
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    }
  }
}
