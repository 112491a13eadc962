package io.dfs.cli.output;

import java.util.Locale;

/** Byte counts for people: {@code 512 B}, {@code 1.5 MiB}, {@code 2.0 GiB} (binary units). */
public final class HumanSize {
  private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

  private HumanSize() {}

  public static String format(long bytes) {
    if (bytes < 0) {
      return "-" + format(-Math.max(bytes, -Long.MAX_VALUE));
    }
    if (bytes < 1024) {
      return bytes + " B";
    }
    double value = bytes;
    int unit = -1;
    // Move up while the value would print as 1024.0 or more in the current unit.
    while (unit < UNITS.length - 1 && value >= 1023.95) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
  }

  /** A transfer rate: {@code 12.5 MiB/s}. */
  public static String rate(double bytesPerSecond) {
    return format((long) bytesPerSecond) + "/s";
  }
}
