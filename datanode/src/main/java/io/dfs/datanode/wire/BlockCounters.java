package io.dfs.datanode.wire;

import java.util.concurrent.atomic.LongAdder;

/** Totals of block protocol work since start, for the metrics endpoint. Thread-safe. */
public final class BlockCounters {
  final LongAdder blocksWritten = new LongAdder();
  final LongAdder bytesWritten = new LongAdder();
  final LongAdder readsServed = new LongAdder();
  final LongAdder bytesRead = new LongAdder();
  final LongAdder requestsRefused = new LongAdder();
  final LongAdder corruptReads = new LongAdder();
  final LongAdder writePauses = new LongAdder();
  final LongAdder corruptReplicasFound = new LongAdder();
  final LongAdder copiesSent = new LongAdder();
  final LongAdder copyBytesSent = new LongAdder();
  final LongAdder writesRefusedNoSpace = new LongAdder();
  final LongAdder connectionsAccepted = new LongAdder();

  /** Blocks stored by PUT_BLOCK (retries of a stored block not counted). */
  public long blocksWritten() {
    return blocksWritten.sum();
  }

  public long bytesWritten() {
    return bytesWritten.sum();
  }

  /** GET_BLOCK requests answered in full. */
  public long readsServed() {
    return readsServed.sum();
  }

  public long bytesRead() {
    return bytesRead.sum();
  }

  /** Requests answered with ERROR, framing errors included. */
  public long requestsRefused() {
    return requestsRefused.sum();
  }

  /** Reads that found stored bytes failing their checksum. */
  public long corruptReads() {
    return corruptReads.sum();
  }

  /** Times a PUT_BLOCK stopped reading because its temp file or its downstream socket was full. */
  public long writePauses() {
    return writePauses.sum();
  }

  /** Replicas found corrupt or missing (by reads, copies or the scrubber) and quarantined. */
  public long corruptReplicasFound() {
    return corruptReplicasFound.sum();
  }

  /** Re-replication copies this node sent successfully. */
  public long copiesSent() {
    return copiesSent.sum();
  }

  public long copyBytesSent() {
    return copyBytesSent.sum();
  }

  /** Block protocol connections accepted, refused ones included; clients and peers keep theirs between blocks. */
  public long connectionsAccepted() {
    return connectionsAccepted.sum();
  }

  public long writesRefusedNoSpace() {
    return writesRefusedNoSpace.sum();
  }

  /** Counts a replica found bad outside the block protocol (the scrubber). */
  public void corruptReplicaFound() {
    corruptReplicasFound.increment();
  }
}
