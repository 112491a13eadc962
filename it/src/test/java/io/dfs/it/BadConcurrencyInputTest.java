package io.dfs.it;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Ten writers putting different content under one name at once: every put either succeeds or
 * fails cleanly, exactly one file has the name afterwards, and its bytes are one writer's whole
 * file, never a mix of blocks.
 */
class BadConcurrencyInputTest extends BadInputSuite {

  @Test
  void concurrentPutsOfOneNameLeaveExactlyOneWholeFile() throws Exception {
    int writers = 10;
    List<Path> files = new ArrayList<>();
    Set<String> hashes = new HashSet<>();
    for (int i = 0; i < writers; i++) {
      Path local = TestFiles.random(work, "contender-" + i, 700_000, 5000 + i);
      files.add(local);
      hashes.add(TestFiles.sha256(local));
    }
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      List<Future<String>> puts = new ArrayList<>();
      for (Path local : files) {
        puts.add(pool.submit(() -> alice.put(local, "contested.bin")));
      }
      int succeeded = 0;
      for (Future<String> put : puts) {
        try {
          assertNotNull(put.get());
          succeeded++;
        } catch (java.util.concurrent.ExecutionException e) {
          assertInstanceOf(io.dfs.common.error.DfsException.class, e.getCause(), "a clean error, not a crash");
        }
      }
      assertTrue(succeeded >= 1, "at least one writer wins");
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, alice.list().stream().filter(f -> f.name().equals("contested.bin")).count());
    Path back = work.resolve("contested.back");
    alice.get("contested.bin", back);
    assertTrue(hashes.contains(TestFiles.sha256(back)), "the file is one writer's whole file");
  }
}
