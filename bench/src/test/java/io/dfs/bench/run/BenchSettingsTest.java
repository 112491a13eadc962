package io.dfs.bench.run;

import static org.junit.jupiter.api.Assertions.*;

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
}
