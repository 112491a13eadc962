package io.dfs.it;

import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one command of the built {@code dfs-bench.jar} ({@code load}, {@code chaos}), whose servers
 * are its children. Should it hang, SIGTERM lets its shutdown hook stop them; whatever outlives
 * that is killed by pid.
 */
final class BenchJarRun {
  private BenchJarRun() {}

  static CommandResult run(Path work, String command, Map<String, String> env, long timeoutMinutes) throws Exception {
    List<String> cmd = List.of(Jars.java(), "-Xmx512m", "-jar", Jars.bench().toString(), command,
        "--root", Jars.root().toString());
    Path out = work.resolve(command + ".out");
    Path err = work.resolve(command + ".err");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.environment().putAll(env);
    Process p = pb.start();
    List<ProcessHandle> servers = new ArrayList<>();
    try {
      if (!p.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
        servers.addAll(p.descendants().toList());
        p.destroy();
        p.waitFor(60, TimeUnit.SECONDS);
        fail("make " + command + " did not finish in " + timeoutMinutes + " minutes:\n" + Files.readString(out)
            + Files.readString(err));
      }
      return new CommandResult(p.exitValue(), Files.readAllBytes(out), Files.readString(err));
    } finally {
      servers.addAll(p.descendants().toList());
      p.destroyForcibly();
      servers.forEach(ProcessHandle::destroyForcibly);
    }
  }

  /** A figure's value from a results file's {@code figures}. */
  static double figure(JsonObject results, String name) {
    JsonArray figures = results.getJsonArray("figures");
    for (int i = 0; i < figures.size(); i++) {
      if (figures.getJsonObject(i).getString("name").equals(name)) {
        return figures.getJsonObject(i).getDouble("value");
      }
    }
    throw new AssertionError("no figure " + name + " in " + results.encodePrettily());
  }
}
