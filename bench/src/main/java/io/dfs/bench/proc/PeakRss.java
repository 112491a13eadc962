package io.dfs.bench.proc;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Peak RSS of a set of processes over one phase. The kernel's VmHWM is reset at the start and read
 * at the end; VmRSS is also sampled every {@value #SAMPLE_MS} ms, which covers a kernel that refuses
 * the reset (the samples alone then give the peak, to within a sample).
 */
public final class PeakRss implements AutoCloseable {
  private static final long SAMPLE_MS = 100;

  private final Map<String, Long> pids;
  private final Map<String, Long> sampledKiB = new ConcurrentHashMap<>();
  private final Map<String, Boolean> reset = new LinkedHashMap<>();
  private final Thread sampler;
  private volatile boolean running = true;

  /** Starts watching {@code pids} (name → pid). */
  public PeakRss(Map<String, Long> pids) {
    this.pids = new LinkedHashMap<>(pids);
    this.pids.forEach((name, pid) -> reset.put(name, ProcStatus.resetPeak(pid)));
    sampler = new Thread(this::sample, "bench-rss-sampler");
    sampler.setDaemon(true);
    sampler.start();
  }

  private void sample() {
    while (running) {
      pids.forEach((name, pid) -> ProcStatus.rssKiB(pid).ifPresent(kib -> sampledKiB.merge(name, kib, Math::max)));
      try {
        Thread.sleep(SAMPLE_MS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Stops sampling and returns each process's peak in KiB since this object was made. */
  public Map<String, Long> peaksKiB() {
    close();
    Map<String, Long> peaks = new LinkedHashMap<>();
    pids.forEach((name, pid) -> {
      long peak = sampledKiB.getOrDefault(name, 0L);
      if (reset.get(name)) {
        peak = Math.max(peak, ProcStatus.peakRssKiB(pid).orElse(0));
      }
      peaks.put(name, peak);
    });
    return peaks;
  }

  @Override
  public void close() {
    running = false;
    sampler.interrupt();
    try {
      sampler.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
