package io.dfs.bench.load;

import io.dfs.bench.run.Report;
import java.util.Map;

/** The figures of the operations a run's clients made, under a prefix ("load", "chaos"). */
final class OpFigures {
  private OpFigures() {}

  static void report(Report report, String prefix, LoadStats stats, double seconds) {
    // Sorted copies of every latency list: taken once, used for the counts and the quantiles.
    Map<String, long[]> latencies = stats.latencies();
    long ops = 0;
    long gets = 0;
    for (Map.Entry<String, long[]> e : latencies.entrySet()) {
      long[] sorted = e.getValue();
      ops += sorted.length;
      if (e.getKey().startsWith("get.")) {
        gets += sorted.length;
      }
    }
    report.figure(prefix + ".seconds", seconds, "s");
    report.figure(prefix + ".ops", ops, "ops");
    report.figure(prefix + ".ops_per_s", ops / seconds, "ops/s");
    report.figure(prefix + ".mb_per_s", stats.bytes() / seconds / 1e6, "MB/s");
    report.figure(prefix + ".put.mb_per_s", stats.bytes(Op.Kind.PUT) / seconds / 1e6, "MB/s");
    report.figure(prefix + ".get.mb_per_s", stats.bytes(Op.Kind.GET) / seconds / 1e6, "MB/s");
    for (Map.Entry<String, long[]> e : latencies.entrySet()) {
      String name = prefix + "." + e.getKey();
      long[] sorted = e.getValue();
      report.figure(name + ".count", sorted.length, "ops");
      report.figure(name + ".p50", LoadStats.quantile(sorted, 0.50) / 1e6, "ms");
      report.figure(name + ".p90", LoadStats.quantile(sorted, 0.90) / 1e6, "ms");
      report.figure(name + ".p99", LoadStats.quantile(sorted, 0.99) / 1e6, "ms");
      report.figure(name + ".p999", LoadStats.quantile(sorted, 0.999) / 1e6, "ms");
    }
    report.figure(prefix + ".errors", stats.errorCount(), "errors");
    stats.errors().forEach((code, n) -> report.figure(prefix + ".errors." + code, n, "errors"));
    report.figure(prefix + ".violations", stats.violations(), "answers");
    report.figure(prefix + ".gets.verified", stats.verifiedReads(), "gets");
    report.figure(prefix + ".gets.verified.pct", gets == 0 ? 100 : 100.0 * stats.verifiedReads() / gets, "%");
  }
}
