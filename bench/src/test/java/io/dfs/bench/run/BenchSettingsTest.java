package io.dfs.bench.run;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchSettingsTest {
  private static final Path ROOT = Path.of("/tmp/dfs-bench-settings");

  @Test
  void theServersWarmUpOnFourThousandSmallFilesScaledWithTheRest() {
    assertEquals(4000, BenchSettings.fromEnv(Map.of(), ROOT).serverWarmupFiles());
    BenchSettings quick = BenchSettings.fromEnv(Map.of("BENCH_SCALE", "0.05"), ROOT);
    assertEquals(200, quick.serverWarmupFiles());
    assertEquals(100, quick.smallFiles());
  }

  @Test
  void anExplicitServerWarmUpWinsOverTheScale() {
    BenchSettings s = BenchSettings.fromEnv(Map.of("BENCH_SCALE", "0.05", "BENCH_SERVER_WARMUP", "7"), ROOT);
    assertEquals(7, s.serverWarmupFiles());
    assertEquals(7, s.toJson().getInteger("serverWarmupFiles"));
    assertTrue(s.summary().contains("server-warmup=7 files"), s.summary());
  }

  @Test
  void aServerWarmUpThatIsNotAPositiveWholeNumberIsRefusedByName() {
    for (String bad : new String[] {"0", "-5", "many"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> BenchSettings.fromEnv(Map.of("BENCH_SERVER_WARMUP", bad), ROOT));
      assertTrue(e.getMessage().startsWith("BENCH_SERVER_WARMUP must be a positive whole number"), e.getMessage());
    }
  }

  @Test
  void eachClientWarmsUpOnThreeHundredOperationsScaledAndNeverMoreThanItMeasures() {
    assertEquals(300, BenchSettings.fromEnv(Map.of(), ROOT).warmup());
    assertEquals(30, BenchSettings.fromEnv(Map.of("BENCH_SCALE", "0.1"), ROOT).warmup());
    assertEquals(120, BenchSettings.fromEnv(Map.of("BENCH_META_FILES", "120"), ROOT).warmup());
  }

  @Test
  void theClientsRunWithTheFlagsBinDfsGivesTheCli() throws Exception {
    String script = Files.readString(Path.of("..", "bin", "dfs"));
    assertTrue(script.contains("${DFS_JAVA_OPTS:-" + BenchSettings.CLIENT_JAVA_OPTS + "}"), script);
    assertEquals(BenchSettings.words(BenchSettings.CLIENT_JAVA_OPTS),
        BenchSettings.fromEnv(Map.of(), ROOT).clientJavaOpts());
  }
}
