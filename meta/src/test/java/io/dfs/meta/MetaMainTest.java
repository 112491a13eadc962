package io.dfs.meta;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MetaMainTest {
  @TempDir
  Path dir;

  private static String run(int expectedCode, String... args) {
    PrintStream saved = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      assertEquals(expectedCode, new CommandLine(new MetaMain()).execute(args));
    } finally {
      System.setErr(saved);
    }
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aMissingConfigFileIsOneLineOnStderrAndExitOne() {
    String err = run(1, "--config", dir.resolve("nope.json").toString());
    assertTrue(err.startsWith("meta: "), err);
    assertEquals(1, err.strip().lines().count(), err);
    assertTrue(err.contains("nope.json"), err);
  }

  @Test
  void aBadConfigNamesTheKey() throws Exception {
    Path conf = dir.resolve("meta.json");
    Files.writeString(conf, "{\"dataDir\":\"x\",\"authUrl\":\"http://127.0.0.1:1\",\"secretFile\":\"s\",\"replication\":0}");
    String err = run(1, "--config", conf.toString());
    assertTrue(err.contains("replication"), err);
    assertEquals(1, err.strip().lines().count(), err);
  }
}
