package io.dfs.cli;

import static org.junit.jupiter.api.Assertions.*;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A command run in-process must leave no thread behind, or `java -jar dfs.jar` would not exit. */
class DfsMainThreadsTest {
  @TempDir Path dir;

  @Test
  void aCommandThatUsedTheNetworkLeavesNoThreadRunning() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    String url = "http://127.0.0.1:" + closedPort;
    Path config = Files.writeString(dir.resolve("c.json"), new JsonObject().put("authUrl", url).put("metaUrl", url).encode());
    Files.writeString(dir.resolve("token.json"), new JsonObject().put("token", "t")
        .put("expiresAt", System.currentTimeMillis() + 600_000).encode());
    Set<Thread> before = Thread.getAllStackTraces().keySet();

    int exit = DfsMain.run(new String[] {"ls"}, new ByteArrayInputStream(new byte[0]),
        new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()),
        Map.of("DFS_HOME", dir.toString(), "DFS_CONFIG", config.toString()));

    assertEquals(1, exit);
    List<String> left = List.of();
    long deadline = System.nanoTime() + 5_000_000_000L;
    do {
      left = Thread.getAllStackTraces().keySet().stream()
          .filter(t -> !before.contains(t) && t.isAlive() && !t.isDaemon())
          .map(Thread::getName).collect(Collectors.toList());
      if (left.isEmpty()) {
        break;
      }
      Thread.sleep(50);
    } while (System.nanoTime() < deadline);
    assertEquals(List.of(), left, "non-daemon threads still running after the command returned");
  }
}
