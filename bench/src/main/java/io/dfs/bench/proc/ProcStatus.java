package io.dfs.bench.proc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** Memory figures of a process from {@code /proc/<pid>/status}, in KiB (as the kernel gives them). */
public final class ProcStatus {
  private ProcStatus() {}

  /** Resident set size now; empty when the process is gone. */
  public static OptionalLong rssKiB(long pid) {
    return field(pid, "VmRSS:");
  }

  /** Peak resident set size since the process started or since {@link #resetPeak}; empty when gone. */
  public static OptionalLong peakRssKiB(long pid) {
    return field(pid, "VmHWM:");
  }

  /** This process's own peak resident set size. */
  public static long ownPeakRssKiB() {
    return peakRssKiB(ProcessHandle.current().pid()).orElse(0);
  }

  /**
   * Resets the process's VmHWM to its current RSS (writing 5 to {@code clear_refs}, Linux 4.0+), so
   * the peak of one phase is not the peak of an earlier one. False if the kernel refused.
   */
  public static boolean resetPeak(long pid) {
    try {
      Files.writeString(Path.of("/proc", Long.toString(pid), "clear_refs"), "5");
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static OptionalLong field(long pid, String name) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"), StandardCharsets.UTF_8)) {
        if (line.startsWith(name)) {
          return OptionalLong.of(Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]));
        }
      }
      return OptionalLong.empty();
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
  }
}
