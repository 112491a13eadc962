package io.dfs.bench.load;

import io.dfs.common.error.DfsException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** What the clients did: latencies by operation and size bucket, bytes, errors by code, verdicts. */
final class LoadStats {

  private final Map<String, Latencies> latencies = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
  /** Attempts that failed cleanly and were tried again, by code. */
  private final Map<String, LongAdder> failedAttempts = new ConcurrentHashMap<>();
  private final LongAdder succeededOnRetry = new LongAdder();
  private final LongAdder unclean = new LongAdder();
  private final LongAdder bytes = new LongAdder();
  private final Map<Op.Kind, LongAdder> bytesByKind = new ConcurrentHashMap<>();
  private final LongAdder verifiedReads = new LongAdder();
  private final LongAdder violations = new LongAdder();
  private final Samples samples = new Samples();

  void done(Op.Kind kind, String bucket, long nanos, long byteCount) {
    latencies.computeIfAbsent(kind.label() + "." + bucket, k -> new Latencies()).add(nanos);
    bytes.add(byteCount);
    bytesByKind.computeIfAbsent(kind, k -> new LongAdder()).add(byteCount);
  }

  /** An operation that failed for good. */
  void error(Op op, Throwable e) {
    String code = code(e);
    errors.computeIfAbsent(code, k -> new LongAdder()).increment();
    sample("error " + op.kind().label() + " " + op.name() + ": " + code + ": " + e.getMessage());
  }

  /** An operation that failed with something other than a DFS error: counted as an error, and as unclean. */
  void unclean(Op op, Throwable e) {
    unclean.increment();
    error(op, e);
  }

  /** An attempt that failed cleanly, to be tried again. */
  void failedAttempt(DfsException e) {
    failedAttempts.computeIfAbsent(code(e), k -> new LongAdder()).increment();
  }

  /** An operation that succeeded after at least one failed attempt. */
  void succeededOnRetry() {
    succeededOnRetry.increment();
  }

  private static String code(Throwable e) {
    return e instanceof DfsException d ? d.code().wireName() : e.getClass().getSimpleName();
  }

  void verified() {
    verifiedReads.increment();
  }

  /** An answer the oracle says the cluster could not have given: a lost write or a corrupt read. */
  void violation(String what) {
    violations.increment();
    sample("VIOLATION " + what);
  }

  private void sample(String line) {
    samples.add(line);
  }

  /** Latencies by "op.bucket", sorted, in nanoseconds. */
  Map<String, long[]> latencies() {
    Map<String, long[]> out = new TreeMap<>();
    latencies.forEach((k, v) -> out.put(k, v.sorted()));
    return out;
  }

  Map<String, Long> errors() {
    Map<String, Long> out = new TreeMap<>();
    errors.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  Map<String, Long> failedAttempts() {
    Map<String, Long> out = new TreeMap<>();
    failedAttempts.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  long succeededOnRetryCount() {
    return succeededOnRetry.sum();
  }

  long uncleanCount() {
    return unclean.sum();
  }

  long errorCount() {
    return errors.values().stream().mapToLong(LongAdder::sum).sum();
  }

  long bytes() {
    return bytes.sum();
  }

  /** Bytes moved by operations of one kind: put for client bytes written, get for read. */
  long bytes(Op.Kind kind) {
    LongAdder n = bytesByKind.get(kind);
    return n == null ? 0 : n.sum();
  }

  long verifiedReads() {
    return verifiedReads.sum();
  }

  long violations() {
    return violations.sum();
  }

  List<String> samples() {
    return samples.lines();
  }

  /** The {@code q}-quantile of sorted values (nearest rank). */
  static long quantile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
  }

  private static final class Latencies {
    private long[] values = new long[1024];
    private int size;

    synchronized void add(long v) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }

    synchronized long[] sorted() {
      long[] copy = Arrays.copyOf(values, size);
      Arrays.sort(copy);
      return copy;
    }
  }
}
