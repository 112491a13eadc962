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
}
