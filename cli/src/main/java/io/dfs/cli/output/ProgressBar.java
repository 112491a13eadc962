package io.dfs.cli.output;

import io.dfs.cli.client.NodeAddress;
import java.io.PrintStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A one-line progress bar redrawn in place with {@code \r}, about ten times a second, by a daemon
 * thread of its own: the transfer's event loop only adds to a counter and never writes to the
 * terminal. Closing stops the redraws and blanks the line.
 */
final class ProgressBar implements Progress {
  private static final long REDRAW_MS = 100;

  private final PrintStream out;
  private final AtomicLong done = new AtomicLong();
  private final ScheduledExecutorService redraws;
  private volatile long total = -1;
  private volatile long startNanos;
  private int lastWidth;
  private boolean closed;

  ProgressBar(PrintStream out) {
    this.out = out;
    this.redraws = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "dfs-progress");
      t.setDaemon(true);
      return t;
    });
    redraws.scheduleAtFixedRate(this::redraw, REDRAW_MS, REDRAW_MS, TimeUnit.MILLISECONDS);
  }

  @Override
  public void started(long totalBytes) {
    startNanos = System.nanoTime();
    total = totalBytes;
  }

  @Override
  public void advanced(long bytes) {
    done.addAndGet(bytes);
  }

  @Override
  public void failedOver(String blockId, NodeAddress node, String reason) {
    // Failover is routine and logged at debug; the bar simply keeps going.
  }

  private synchronized void redraw() {
    if (closed || total < 0) {
      return;
    }
    String line = ProgressLine.render(done.get(), total, System.nanoTime() - startNanos);
    int pad = Math.max(0, lastWidth - line.length());
    out.print("\r" + line + " ".repeat(pad));
    out.flush();
    lastWidth = line.length();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    redraws.shutdownNow();
    if (lastWidth > 0) {
      out.print("\r" + " ".repeat(lastWidth) + "\r");
      out.flush();
    }
  }
}
