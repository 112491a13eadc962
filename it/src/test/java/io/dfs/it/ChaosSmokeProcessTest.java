package io.dfs.it;

import static io.dfs.it.BenchJarRun.figure;
import static org.junit.jupiter.api.Assertions.*;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code make chaos} as RELIABILITY's smoke run: 60 s of the load on its own TLS cluster of five
 * data nodes from the built jars while seed 7's schedule kills -9 two of them, stops one with
 * SIGSTOP and kills meta. Every failed operation must succeed when tried again, no answer may be
 * wrong, every file must read back, and every block must be back at exactly three replicas, each
 * read whole from its node, within 60 s of the last fault.
 */
class ChaosSmokeProcessTest {
  @TempDir Path work;

  @Test
  void aMinuteOfFaultsLosesNothingAndEveryBlockHealsToThreeVerifiedReplicas() throws Exception {
    Path results = work.resolve("chaos-results.json");
    CommandResult run = BenchJarRun.run(work, "chaos", Map.of("DURATION", "60s", "LOAD_FILES", "100", "SEED", "7",
        "WRITERS", "4", "READERS", "4", "LOAD_MAX_PUT_KIB", "1024",
        "CHAOS_WORK_DIR", work.resolve("chaos").toString(), "CHAOS_RESULTS", results.toString()), 10);

    assertEquals(0, run.exit(), () -> "make chaos failed:\n" + run);
    JsonObject json = new JsonObject(Files.readString(results));
    assertEquals(7, json.getLong("seed"));
    assertTrue(json.getJsonArray("failures").isEmpty(), json::encodePrettily);
    assertEquals(seedSevenSchedule(), json.getJsonArray("schedule"), "the seed replays the same faults");
    assertEquals(0, figure(json, "chaos.faults.not_done"), run::out);
    assertTrue(figure(json, "chaos.ops") > 50, () -> "the clients ran: " + run.out());
    assertTrue(figure(json, "chaos.attempts.failed") > 0, () -> "the faults were felt: " + run.out());
    assertEquals(0, figure(json, "chaos.errors"), run::out);
    assertEquals(0, figure(json, "chaos.errors.unclean"), run::out);
    assertEquals(0, figure(json, "chaos.violations"), run::out);
    assertEquals(figure(json, "chaos.final.files"), figure(json, "chaos.final.verified"), run::out);
    assertTrue(figure(json, "chaos.heal.seconds") <= 60, run::out);
    assertTrue(figure(json, "chaos.blocks") > 0, run::out);
    assertEquals(3 * figure(json, "chaos.blocks"), figure(json, "chaos.replicas.verified"), run::out);
    assertEquals(0, figure(json, "chaos.datanode.temp_files"), run::out);
  }

  /** What FaultSchedule draws from seed 7 for a minute: the run's output prints it too. */
  private static JsonArray seedSevenSchedule() {
    return new JsonArray()
        .add(fault(10.0, "KILL", "datanode-1", 16.9))
        .add(fault(20.0, "KILL", "datanode-2", 6.9))
        .add(fault(25.0, "KILL", "meta", 3.3))
        .add(fault(40.0, "STOP", "datanode-3", 17.2));
  }

  private static JsonObject fault(double at, String kind, String server, double down) {
    return new JsonObject().put("at", at).put("kind", kind).put("server", server).put("down", down);
  }
}
