package io.dfs.datanode;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DatanodeMainTest {
  @TempDir Path dir;

  /** Runs the command and returns its exit code and what it printed on stderr. */
  private static String[] run(String... args) {
    PrintStream saved = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int code = new CommandLine(new DatanodeMain()).execute(args);
      return new String[] {String.valueOf(code), err.toString(StandardCharsets.UTF_8)};
    } finally {
      System.setErr(saved);
    }
  }

  @Test
  void aBadConfigExitsOneWithOneLine() throws Exception {
    String[] missing = run("--config", dir.resolve("absent.json").toString());
    assertEquals("1", missing[0]);
    assertTrue(missing[1].startsWith("dfs-datanode: "), missing[1]);
    assertEquals(1, missing[1].lines().count(), missing[1]);

    Path typo = Files.writeString(dir.resolve("typo.json"), "{\"dataDir\":\"x\",\"serviceAccount\":\"dn-1\","
        + "\"secretFile\":\"s\",\"authUrl\":\"http://a\",\"metaUrl\":\"http://m\",\"prot\":7201}");
    String[] unknown = run("--config", typo.toString());
    assertEquals("1", unknown[0]);
    assertTrue(unknown[1].contains("'prot'"), unknown[1]);
    assertEquals(1, unknown[1].lines().count(), unknown[1]);
  }

  @Test
  void aStartFailureExitsOneWithOneLine() throws Exception {
    Path conf = Files.writeString(dir.resolve("dn.json"), "{\"port\":0,\"httpPort\":0,\"dataDir\":\""
        + dir.resolve("data") + "\",\"serviceAccount\":\"dn-1\",\"secretFile\":\"" + dir.resolve("no-secret")
        + "\",\"authUrl\":\"http://127.0.0.1:9\",\"metaUrl\":\"http://127.0.0.1:9\"}");
    String[] failed = run("--config", conf.toString());
    assertEquals("1", failed[0]);
    assertTrue(failed[1].startsWith("dfs-datanode: cannot start: "), failed[1]);
    assertTrue(failed[1].contains("no-secret"), failed[1]);
    assertEquals(1, failed[1].lines().count(), failed[1]);
  }

  @Test
  void theConfigOptionIsRequired() {
    assertEquals("2", run()[0]);
  }
}
