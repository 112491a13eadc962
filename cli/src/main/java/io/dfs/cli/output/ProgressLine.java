package io.dfs.cli.output;

import java.util.Locale;

/** The text of one progress redraw: bar, percent, bytes, rate and time left. Pure, for testing. */
public final class ProgressLine {
  static final int BAR_WIDTH = 20;

  private ProgressLine() {}

  /**
   * For example {@code [########            ]  42%  12.3 MiB / 29.0 MiB  85.2 MiB/s  ETA 0:03}.
   *
   * @param elapsedNanos time since the transfer started
   */
  public static String render(long done, long total, long elapsedNanos) {
    double fraction = total <= 0 ? 1.0 : Math.min(1.0, (double) done / total);
    int filled = (int) Math.floor(fraction * BAR_WIDTH);
    double seconds = elapsedNanos / 1e9;
    double rate = seconds > 0 ? done / seconds : 0;
    String eta = rate > 0 ? duration((long) Math.ceil(Math.max(0, total - done) / rate)) : "--:--";
    return "[" + "#".repeat(filled) + " ".repeat(BAR_WIDTH - filled) + "] "
        + String.format(Locale.ROOT, "%3d%%", (int) Math.floor(fraction * 100)) + "  "
        + HumanSize.format(done) + " / " + HumanSize.format(total) + "  "
        + HumanSize.rate(rate) + "  ETA " + eta;
  }

  /** {@code m:ss}, or {@code h:mm:ss} from an hour up. */
  static String duration(long seconds) {
    long h = seconds / 3600;
    long m = (seconds % 3600) / 60;
    long s = seconds % 60;
    return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s) : String.format(Locale.ROOT, "%d:%02d", m, s);
  }
}
