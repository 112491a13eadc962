package io.dfs.datanode.wire;

import static io.dfs.common.wire.BlockProtocol.*;

import io.dfs.common.wire.BlockProtocol;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * Block protocol requests by operation and outcome, with their latencies from header to answer, as
 * {@code dfs_datanode_block_requests_seconds{op,outcome}} (count, sum and max). Every timer is
 * made up front, so recording one is an array lookup and an update, with nothing allocated.
 */
public final class BlockRequestMeters {
  /** How a request ended: answered in full, answered with ERROR, or cut off by the connection closing. */
  enum Outcome {
    OK("ok"), ERROR("error"), ABORTED("aborted");

    final String label;

    Outcome(String label) {
      this.label = label;
    }
  }

  private static final byte[] OPS = {TYPE_PUT_BLOCK, TYPE_GET_BLOCK, TYPE_REPLICATE, TYPE_DELETE_BLOCKS};
  private final Timer[][] timers = new Timer[OPS.length][Outcome.values().length];

  public BlockRequestMeters(MeterRegistry registry) {
    for (int op = 0; op < OPS.length; op++) {
      for (Outcome outcome : Outcome.values()) {
        timers[op][outcome.ordinal()] = Timer.builder("dfs.datanode.block.requests")
            .description("Block protocol requests, by operation and outcome, from header to answer.")
            .tag("op", BlockProtocol.typeName(OPS[op]))
            .tag("outcome", outcome.label)
            .register(registry);
      }
    }
  }

  void record(byte type, Outcome outcome, long nanos) {
    for (int op = 0; op < OPS.length; op++) {
      if (OPS[op] == type) {
        timers[op][outcome.ordinal()].record(nanos, TimeUnit.NANOSECONDS);
        return;
      }
    }
  }
}
