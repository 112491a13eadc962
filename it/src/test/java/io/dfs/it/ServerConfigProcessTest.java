package io.dfs.it;

import static org.junit.jupiter.api.Assertions.*;

import io.dfs.bench.cluster.FreePorts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The auth server's jar run as a process with a YAML config and {@code DFS_AUTH_*} variables in its
 * environment: an override wins over the file, and a bad or misspelt variable stops the process at
 * start with one line naming it.
 */
class ServerConfigProcessTest {
  @TempDir Path dir;

  private Path config(int port) throws IOException {
    return Files.writeString(dir.resolve("auth.yaml"), "# auth, for the environment to override\n"
        + "host: 127.0.0.1\n"
        + "port: " + port + "\n"
        + "dataDir: " + dir.resolve("auth") + "\n"
        + "tokenTtl: 15m\n");
  }

  private Process start(Path config, Map<String, String> env, Path output) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(Jars.java(), "-Xmx128m", "-XX:+UseSerialGC", "-jar", Jars.auth().toString(),
        "--config", config.toString())
        .redirectErrorStream(true)
        .redirectOutput(output.toFile());
    // Only what the test sets: a variable of the developer's shell must not decide the outcome.
    pb.environment().keySet().removeIf(name -> name.startsWith("DFS_AUTH_"));
    pb.environment().putAll(env);
    return pb.start();
  }

  @Test
  void anEnvironmentVariableOverridesTheFilesKey() throws Exception {
    int filePort = FreePorts.tcp();
    int envPort = FreePorts.tcp();
    Path output = dir.resolve("auth.log");
    Process auth = start(config(filePort), Map.of("DFS_AUTH_PORT", Integer.toString(envPort),
        "DFS_AUTH_TOKEN_TTL", "2m"), output);
    try {
      Http.await("auth ready on the port from DFS_AUTH_PORT", Duration.ofSeconds(60), () -> {
        if (!auth.isAlive()) {
          throw new AssertionError("auth exited: " + read(output));
        }
        return Http.status("http://127.0.0.1:" + envPort + "/ready") == 200;
      });
      assertEquals(-1, Http.status("http://127.0.0.1:" + filePort + "/ready"), "nothing on the file's port");
      Accounts.user(dir.resolve("auth"), "alice", "alice-pw");
      var login = Http.postJson("http://127.0.0.1:" + envPort + "/v1/token", null,
          "{\"username\":\"alice\",\"password\":\"alice-pw\"}");
      assertEquals(120, login.getLong("expiresIn"), "tokenTtl from DFS_AUTH_TOKEN_TTL");
    } finally {
      stop(auth);
    }
  }

  @Test
  void aBadOrUnknownVariableStopsTheStartWithOneLineNamingIt() throws Exception {
    Path config = config(FreePorts.tcp());
    String[][] cases = {
        {"DFS_AUTH_TOKEN_TTL", "soon", "DFS_AUTH_TOKEN_TTL (key 'tokenTtl'): 'soon' is not a duration"},
        {"DFS_AUTH_PORT", "70000", "'port' must be a port number 0..65535, not 70000 (set by DFS_AUTH_PORT)"},
        {"DFS_AUTH_TOKEN_TL", "1m", "DFS_AUTH_TOKEN_TL names no config key"}};
    for (String[] c : cases) {
      Path output = dir.resolve(c[0] + ".log");
      Process auth = start(config, Map.of(c[0], c[1]), output);
      try {
        assertTrue(auth.waitFor(60, TimeUnit.SECONDS), c[0] + ": auth still runs");
        assertNotEquals(0, auth.exitValue(), c[0]);
        List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
        assertEquals(1, lines.size(), c[0] + ": " + lines);
        assertTrue(lines.get(0).startsWith("dfs-auth: "), lines.get(0));
        assertTrue(lines.get(0).contains(c[2]), lines.get(0));
      } finally {
        stop(auth);
      }
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "(cannot read " + file + ")";
    }
  }

  private static void stop(Process p) throws InterruptedException {
    p.destroy();
    if (!p.waitFor(10, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
