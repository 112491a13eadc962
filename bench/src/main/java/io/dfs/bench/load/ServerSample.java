package io.dfs.bench.load;

import io.dfs.bench.cluster.BenchCluster;
import io.dfs.bench.cluster.Jars;
import io.dfs.common.wire.BlockConnectionPool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A server's live heap and open files. The heap is what a full collection leaves, as {@code jcmd
 * GC.class_histogram} forces one and totals it (see {@link #COLLECTIONS}); the histogram is kept,
 * one file per server and sample. The open files are the entries of {@code /proc/<pid>/fd}.
 */
record ServerSample(long liveHeapBytes, Map<String, Long> openFilesByKind) {
  /** Looks at the open files this many times, the fewest counting. */
  static final int FILE_LOOKS = 3;
  static final long FILE_LOOK_GAP_MS = 3_000;
  /** Waited before the first look: longer than a pooled block connection stays idle. */
  static final long SETTLE_MS = BlockConnectionPool.IDLE_MS + 1_000;
  /**
   * Full collections per heap figure, the least total counting. The serial collector's (the data
   * nodes') full collection leaves runs of dead objects in place, up to MarkSweepDeadRatio (5 %) of
   * the old space, as int[] fillers that a histogram counts as live; only every
   * MarkSweepAlwaysCompactCount-th (4th) one compacts all. The fillers put 8 to 12 MiB on a data
   * node's 14 MiB of live heap, in some samples and not others.
   */
  static final int COLLECTIONS = 4;
  /** The kind of a RocksDB table file that is still part of its database. */
  static final String LIVE_TABLES = "sst";

  /**
   * The live heap, and the open files at the quietest of {@link #FILE_LOOKS} looks. The first look
   * waits {@link #SETTLE_MS}: data nodes keep idle connections to their peers for a few seconds
   * after the last block, and they are let go first, so that open files count what the servers
   * hold for good. The looks are {@link #FILE_LOOK_GAP_MS} apart, since background work (the
   * reclaimer's deletes, block reports) holds a connection or two for a moment at any time, while
   * what leaks is there at every look.
   */
  static Map<String, ServerSample> of(Map<String, Long> pids, Path histograms, String label) {
    // The first jcmd makes a JVM open its attach socket, which then stays open: opened before the
    // first sample's looks, it is counted in both samples.
    pids.values().forEach(pid -> jcmd(pid, "VM.uptime"));
    Map<String, Map<String, Long>> fewest = new LinkedHashMap<>();
    for (int look = 0; look < FILE_LOOKS; look++) {
      BenchCluster.sleep(look == 0 ? SETTLE_MS : FILE_LOOK_GAP_MS);
      pids.forEach((name, pid) -> fewest.merge(name, openFiles(name, pid, SocketTable.read(pid, pids)),
          (a, b) -> compared(b) < compared(a) ? b : a));
    }
    Map<String, ServerSample> out = new LinkedHashMap<>();
    pids.forEach((name, pid) -> out.put(name,
        new ServerSample(liveHeap(pid, histograms.resolve(name + "." + label + ".txt")), fewest.get(name))));
    return out;
  }

  /** Open files as compared between samples: see {@link #compared}. */
  long openFiles() {
    return compared(openFilesByKind);
  }

  /**
   * Every open file but RocksDB's live tables. Meta holds each table of its database open, and
   * how many there are is compaction's choice: none in the fresh database of the first sample,
   * one to five after a few flushes. A table held open after it was deleted ({@code "sst
   * (deleted)"}), as a leaked iterator would hold it, is still counted.
   */
  static long compared(Map<String, Long> byKind) {
    return byKind.entrySet().stream().filter(e -> !e.getKey().equals(LIVE_TABLES))
        .mapToLong(Map.Entry::getValue).sum();
  }

  /**
   * Open files by kind: sockets by what they are ({@link SocketTable#describe}), pipes, other
   * anonymous ones, and files by their extension.
   */
  static Map<String, Long> openFiles(String server, long pid, SocketTable sockets) {
    Map<String, Long> kinds = new TreeMap<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      for (Path fd : (Iterable<Path>) fds::iterator) {
        String inode = SocketTable.socketInode(fd);
        kinds.merge(inode == null ? kind(fd) : "socket " + sockets.describe(inode, server), 1L, Long::sum);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot list the open files of " + pid + ": " + e.getMessage(), e);
    }
    return kinds;
  }

  private static String kind(Path fd) {
    try {
      String target = Files.readSymbolicLink(fd).toString();
      if (target.startsWith("pipe:")) {
        return "pipe";
      }
      if (target.startsWith("anon_inode:")) {
        return target;
      }
      String name = Path.of(target).getFileName().toString();
      int dot = name.lastIndexOf('.');
      return dot < 0 ? "file" : name.substring(dot + 1);
    } catch (IOException e) {
      return "gone";
    }
  }

  /**
   * The smallest total of {@link #COLLECTIONS} histograms in a row, each after a full collection;
   * the histogram it came from is kept in {@code keep}, for reading what a heap that grew holds.
   */
  private static long liveHeap(long pid, Path keep) {
    long least = Long.MAX_VALUE;
    String leastHistogram = null;
    for (int i = 0; i < COLLECTIONS; i++) {
      String histogram = jcmd(pid, "GC.class_histogram");
      long total = histogramTotal(pid, histogram);
      if (total < least) {
        least = total;
        leastHistogram = histogram;
      }
    }
    try {
      Files.createDirectories(keep.getParent());
      Files.writeString(keep, leastHistogram, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the heap histogram in " + keep, e);
    }
    return least;
  }

  private static long histogramTotal(long pid, String histogram) {
    List<String> lines = histogram.lines().filter(l -> l.startsWith("Total")).toList();
    if (lines.isEmpty()) {
      throw new IllegalStateException("jcmd " + pid + " GC.class_histogram printed no total");
    }
    String[] words = lines.get(lines.size() - 1).trim().split("\\s+");
    return Long.parseLong(words[words.length - 1]);
  }

  /** What {@code jcmd <pid> <command>} prints; fails if it fails or takes over 2 minutes. */
  private static String jcmd(long pid, String command) {
    Path jcmd = Path.of(Jars.java()).resolveSibling("jcmd");
    try {
      // Written to a file and read after the wait, so that a jcmd that hangs meets the timeout.
      Path output = Files.createTempFile("dfs-load-jcmd", ".txt");
      try {
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command)
            .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
          p.destroyForcibly();
          throw new IllegalStateException("jcmd " + pid + " " + command + " did not finish in 2 minutes");
        }
        String out = Files.readString(output, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
          throw new IllegalStateException("jcmd " + pid + " " + command + " failed: " + out.lines().findFirst().orElse(""));
        }
        return out;
      } finally {
        Files.deleteIfExists(output);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + jcmd + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    }
  }
}
