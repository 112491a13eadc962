package io.dfs.it;

import static org.junit.jupiter.api.Assertions.*;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files of any size stream through the CLI: a file several times larger than the CLI's heap goes up
 * and comes back byte-identical, to a file and to standard output, with the CLI's JVM told to die at
 * its first OutOfMemoryError rather than limp on. A client that held a file, or all of its blocks
 * in flight, in memory fails here. A correctness test: it measures nothing but the bytes.
 */
@ExtendWith(ProcessClusterDumpOnFailure.class)
class CliMemoryProcessTest {
  private static final long MIB = 1024 * 1024;
  private static final long FILE_BYTES = 256 * MIB;
  /** put and get to a file stream through 64 KiB frames; they run in half this heap. */
  private static final int HEAP_MIB = 48;
  /**
   * get to standard output holds a block while it is checked and the one before while it is
   * written (two 10 MiB blocks, written out in small slices), whatever the file's size.
   */
  private static final int STDOUT_HEAP_MIB = 48;

  @TempDir static Path work;
  static ProcessCluster cluster;
  static Path home;

  @BeforeAll
  static void startCluster() throws Exception {
    // Two copies on two nodes without fsync: the servers' disks are not what this test is about.
    cluster = ProcessCluster.start(Files.createDirectories(work.resolve("cluster")), 2,
        new JsonObject().put("replication", 2), new JsonObject().put("fsync", false));
    ProcessClusterDumpOnFailure.watch(cluster);
    cluster.addUser("carol", "carol-password-1");
    home = Files.createDirectories(work.resolve("home"));
    CommandResult login = cluster.dfs(home, "carol-password-1\n", "login", "--user", "carol", "--password-stdin");
    assertEquals(0, login.exit(), login.toString());
  }

  @AfterAll
  static void stopCluster() {
    Closing.all(cluster);
  }

  @Test
  void aFileSeveralTimesTheHeapGoesUpAndComesBackIdentical() throws Exception {
    Path original = TestFiles.random(work, "big.bin", FILE_BYTES, 42);
    String sha = TestFiles.sha256(original);

    CommandResult put = cluster.dfsWithJvmFlags(heap(HEAP_MIB), home, null, "put", original.toString(), "big.bin",
        "--quiet");
    assertRanInHeap("put", HEAP_MIB, put);
    Files.delete(original);

    Path copy = work.resolve("big.back");
    CommandResult get = cluster.dfsWithJvmFlags(heap(HEAP_MIB), home, null, "get", "big.bin", copy.toString(),
        "--quiet");
    assertRanInHeap("get", HEAP_MIB, get);
    assertEquals(FILE_BYTES, Files.size(copy));
    assertEquals(sha, TestFiles.sha256(copy), "the file read back is the one stored");
    Files.delete(copy);

    Path piped = work.resolve("big.stdout");
    CommandResult toStdout = cluster.dfsToFile(heap(STDOUT_HEAP_MIB), home, piped, "get", "big.bin", "-", "--quiet");
    assertRanInHeap("get to stdout", STDOUT_HEAP_MIB, toStdout);
    assertEquals(FILE_BYTES, Files.size(piped));
    assertEquals(sha, TestFiles.sha256(piped), "standard output carries the file stored");
  }

  private static List<String> heap(int mib) {
    return List.of("-Xmx" + mib + "m", "-XX:+ExitOnOutOfMemoryError", "-XshowSettings:vm");
  }

  private static void assertRanInHeap(String command, int mib, CommandResult r) {
    // -XshowSettings:vm prints the heap the JVM really got: a later -Xmx in the launch would void the test.
    assertTrue(r.stderr().contains("Max. Heap Size: " + mib + ".00M"), command + " ran with a " + mib
        + " MiB heap:\n" + r.stderr());
    // The JVM prints the error it exits with to standard output, not standard error.
    assertFalse((r.out() + r.stderr()).contains("OutOfMemoryError"), command + " ran out of memory:\n" + r);
    assertEquals(0, r.exit(), command + " failed:\n" + r);
  }
}
