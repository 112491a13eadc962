package io.dfs.it;

import static io.dfs.it.BenchJarRun.figure;
import static org.junit.jupiter.api.Assertions.*;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code make load} as RELIABILITY's smoke run: 60 s on its own TLS cluster from the built jars, 8
 * clients (4 writers, 4 readers), puts of 4 KiB to 1 MiB, every answer judged by the oracle and
 * every file read back, no temp file left, the servers' open files within 10 % of the start, and
 * each server's heap histogram kept at both samples.
 * The figures of speed are printed, not judged, on a machine this test shares.
 */
class LoadSmokeProcessTest {
  @TempDir Path work;

  @Test
  void aMinuteOfLoadHasNoErrorsNoWrongAnswersAndReadsEveryFileBack() throws Exception {
    Path results = work.resolve("load-results.json");
    CommandResult run = BenchJarRun.run(work, "load", Map.of("DURATION", "60s", "LOAD_FILES", "100", "SEED", "7",
        "WRITERS", "4", "READERS", "4", "LOAD_MAX_PUT_KIB", "1024",
        "LOAD_WORK_DIR", work.resolve("load").toString(), "LOAD_RESULTS", results.toString()), 10);

    // All of stdout: the targets missed and the first errors are in its last lines, a failed step in stderr.
    assertEquals(0, run.exit(), () -> "make load failed:\n" + run.whole());
    JsonObject json = new JsonObject(Files.readString(results));
    assertEquals(7, json.getLong("seed"));
    assertTrue(json.getJsonArray("failures").isEmpty(), json::encodePrettily);
    assertTrue(figure(json, "load.ops") > 100, () -> "the clients ran: " + run.out());
    assertEquals(0, figure(json, "load.errors"), run::out);
    assertEquals(0, figure(json, "load.violations"), run::out);
    assertEquals(100, figure(json, "load.gets.verified.pct"), run::out);
    assertTrue(figure(json, "load.final.files") >= 100, run::out);
    assertEquals(figure(json, "load.final.files"), figure(json, "load.final.verified"), run::out);
    assertEquals(0, figure(json, "load.datanode.temp_files"), run::out);
    assertTrue(figure(json, "load.datanode.blocks.start") > 0, run::out);
    assertTrue(figure(json, "load.datanode.blocks.end") > 0, run::out);
    assertEquals("10000ms", json.getJsonObject("settings").getJsonObject("meta").getString("reclaimDelay"),
        "the cluster's meta runs with the load's reclaimDelay");
    for (String server : List.of("auth", "meta", "datanode-1", "datanode-2", "datanode-3")) {
      assertTrue(figure(json, "load." + server + ".fds.end") <= 1.10 * figure(json, "load." + server + ".fds.start"),
          () -> server + " kept its open files: " + run.out());
      for (String sample : List.of("start", "end")) {
        Path histogram = work.resolve("load").resolve("heap").resolve(server + "." + sample + ".txt");
        assertTrue(Files.readString(histogram).lines().anyMatch(l -> l.startsWith("Total")),
            () -> histogram + " is a class histogram");
      }
    }
  }
}
