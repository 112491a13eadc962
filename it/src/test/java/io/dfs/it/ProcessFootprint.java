package io.dfs.it;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What a process holds that a load must not leave behind (RELIABILITY A9): live heap, by the JDK's
 * own heap histogram, and open files, from /proc.
 */
final class ProcessFootprint {
  /** A load on the servers; may throw whatever its checks throw. */
  @FunctionalInterface
  interface Load {
    void run() throws Exception;
  }

  private ProcessFootprint() {}

  /**
   * Runs {@code load} and asserts every server's live heap ends within 10 % of where it began and
   * its open files come back to within 10 % (a file or two of slack); prints the figures as
   * {@code label_server seconds … live_heap_before_kib … live_heap_after_kib …}.
   */
  static void assertSteadyAcross(String label, List<ServerProcess> servers, Load load) throws Exception {
    long[] heapBefore = new long[servers.size()];
    long[] filesBefore = new long[servers.size()];
    for (int i = 0; i < servers.size(); i++) {
      long pid = servers.get(i).pid();
      heapBefore[i] = settledLiveHeapBytes(pid);
      filesBefore[i] = openFiles(pid);
    }
    long started = System.nanoTime();
    load.run();
    double seconds = (System.nanoTime() - started) / 1e9;
    for (int i = 0; i < servers.size(); i++) {
      long pid = servers.get(i).pid();
      String name = servers.get(i).name();
      long heapAfter = settledLiveHeapBytes(pid);
      System.out.printf("%s_%s seconds %.1f live_heap_before_kib %d live_heap_after_kib %d%n", label, name, seconds,
          heapBefore[i] / 1024, heapAfter / 1024);
      assertTrue(heapAfter <= heapBefore[i] * 1.10, name + " live heap grew from " + heapBefore[i] + " to " + heapAfter);
      long limit = Math.round(filesBefore[i] * 1.10) + 2;
      Http.await(name + " open files back to " + filesBefore[i], Duration.ofSeconds(30),
          () -> openFiles(pid) <= limit);
    }
  }

  /**
   * Bytes of live objects after a second full collection: the first only ages what a warm-up
   * touched, and an object with a finalizer (OpenSSL's TLS engines have one) outlives the
   * collection that finds it dead until its finalizer has run; the second lets soft caches and
   * those go.
   */
  static long settledLiveHeapBytes(long pid) {
    liveHeapBytes(pid);
    return liveHeapBytes(pid);
  }

  /** Bytes of live objects after a full collection, by the JDK's own heap histogram. */
  static long liveHeapBytes(long pid) {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    CommandResult r = ProcessCluster.run(List.of(jcmd.toString(), Long.toString(pid), "GC.class_histogram"),
        Map.of(), null);
    assertEquals(0, r.exit(), r::toString);
    String[] lines = r.out().strip().split("\n");
    String[] total = lines[lines.length - 1].trim().split("\\s+");
    assertEquals("Total", total[0], r::toString);
    return Long.parseLong(total[2]);
  }

  static long openFiles(long pid) {
    try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      return fds.count();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
