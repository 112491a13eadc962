package io.dfs.meta.repair;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** What re-replication and trimming have done since meta started; read by /metrics. */
public final class RepairCounters {
  final LongAdder copiesSucceeded = new LongAdder();
  final LongAdder copiesFailed = new LongAdder();
  final LongAdder bytesCopied = new LongAdder();
  final LongAdder replicasRemoved = new LongAdder();
  final LongAdder badReplicaReports = new LongAdder();
  final LongAdder scans = new LongAdder();
  final AtomicInteger queued = new AtomicInteger();
  final AtomicInteger inFlight = new AtomicInteger();

  public long copiesSucceeded() {
    return copiesSucceeded.sum();
  }

  public long copiesFailed() {
    return copiesFailed.sum();
  }

  /** Block bytes landed on targets (a copy to two targets counts its length twice). */
  public long bytesCopied() {
    return bytesCopied.sum();
  }

  /** Surplus, mismatching and reported-bad replicas deleted from nodes. */
  public long replicasRemoved() {
    return replicasRemoved.sum();
  }

  public long badReplicaReports() {
    return badReplicaReports.sum();
  }

  /** Repair scans run: each reads every committed file, so their rate is what repair costs meta. */
  public long scans() {
    return scans.sum();
  }

  public int queued() {
    return queued.get();
  }

  public int inFlight() {
    return inFlight.get();
  }
}
