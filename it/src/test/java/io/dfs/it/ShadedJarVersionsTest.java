package io.dfs.it;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The shaded jars carry one Vert.x release: a module left behind on the BOM's version beside a
 * newer vertx-core (core-logging once was) runs untested combinations and keeps the fixes out.
 */
class ShadedJarVersionsTest {
  private static final Pattern VERTX_POM = Pattern.compile("META-INF/maven/io\\.vertx/([^/]+)/pom\\.properties");
  /** Modules with no release matching vertx-core's that Maven Central serves; they keep the BOM's. */
  private static final Set<String> NO_PATCH_RELEASE = Set.of("vertx-auth-jwt");

  @Test
  void everyVertxModuleInEveryServerJarHasVertxCoresVersion() throws IOException {
    for (Path jar : new Path[] {Jars.auth(), Jars.meta(), Jars.datanode(), Jars.cli()}) {
      Map<String, String> versions = vertxVersions(jar);
      String core = versions.get("vertx-core");
      assertNotNull(core, jar + " holds vertx-core");
      versions.forEach((module, version) -> {
        if (!NO_PATCH_RELEASE.contains(module)) {
          assertEquals(core, version, jar + ": " + module + " beside vertx-core " + core + " in " + versions);
        }
      });
      assertTrue(versions.containsKey("vertx-core-logging"), jar + " holds vertx-core-logging: " + versions);
    }
  }

  private static Map<String, String> vertxVersions(Path jar) throws IOException {
    Map<String, String> versions = new TreeMap<>();
    try (JarFile file = new JarFile(jar.toFile())) {
      for (JarEntry entry : java.util.Collections.list(file.entries())) {
        Matcher m = VERTX_POM.matcher(entry.getName());
        if (m.matches()) {
          Properties p = new Properties();
          try (InputStream in = file.getInputStream(entry)) {
            p.load(in);
          }
          versions.put(m.group(1), p.getProperty("version"));
        }
      }
    }
    return versions;
  }
}
