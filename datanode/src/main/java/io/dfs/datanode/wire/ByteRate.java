package io.dfs.datanode.wire;

/**
 * A byte-rate limit shared by several streams: each asks before it sends and is told how long to
 * wait first. The budget refills continuously at {@code bytesPerSecond} and may bank at most one
 * second's worth, so an idle node does not burst far beyond its rate. Thread-safe.
 */
final class ByteRate {
  private final double bytesPerNano;
  private final double maxBank;
  private double bank;
  private long lastNanos = System.nanoTime();

  ByteRate(long bytesPerSecond) {
    this.bytesPerNano = bytesPerSecond / 1e9;
    this.maxBank = bytesPerSecond;
    this.bank = maxBank;
  }

  /** Takes {@code bytes} from the budget; returns the milliseconds to wait before sending them (0: now). */
  synchronized long take(int bytes) {
    long now = System.nanoTime();
    bank = Math.min(maxBank, bank + (now - lastNanos) * bytesPerNano);
    lastNanos = now;
    bank -= bytes;
    return bank >= 0 ? 0 : (long) Math.ceil(-bank / bytesPerNano / 1e6);
  }
}
