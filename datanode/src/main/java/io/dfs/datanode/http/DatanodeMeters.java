package io.dfs.datanode.http;

import io.dfs.datanode.store.BlockStore;
import io.dfs.datanode.store.Scrubber;
import io.dfs.datanode.store.Space;
import io.dfs.datanode.wire.BlockCounters;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * A data node's own meters, read from the state the store, the space estimate, the block protocol's
 * counters and the scrubber keep, so the data path does no meter work beyond its counters'
 * increments. Prometheus names as before Micrometer: {@code dfs_datanode_blocks},
 * {@code dfs_datanode_blocks_written_total} (the benchmark checks it grows by one per replica
 * stored), and so on below.
 */
public final class DatanodeMeters {
  private DatanodeMeters() {}

  /**
   * @param openConnections block protocol connections open now
   */
  public static void register(MeterRegistry registry, BlockStore store, BlockCounters counters, Space space,
      BooleanSupplier joined, Scrubber scrubber, IntSupplier openConnections) {
    gauge(registry, "dfs.datanode.blocks", "Blocks stored on this node.", store, BlockStore::blockCount);
    gauge(registry, "dfs.datanode.used.bytes", "Bytes of block data stored on this node.", store,
        BlockStore::usedBytes);
    gauge(registry, "dfs.datanode.capacity.bytes", "Capacity this node reports to meta.", space,
        Space::capacityBytes);
    gauge(registry, "dfs.datanode.free.bytes",
        "Bytes a new block may still take (capacity, disk and writes in progress).", space, Space::freeBytes);
    gauge(registry, "dfs.datanode.joined", "1 while meta has admitted this node.", joined,
        j -> j.getAsBoolean() ? 1 : 0);
    gauge(registry, "dfs.datanode.block.connections", "Block protocol connections open.", openConnections,
        IntSupplier::getAsInt);

    counter(registry, "dfs.datanode.block.connections.accepted",
        "Block protocol connections accepted; clients and peers keep theirs for the next block.", counters,
        BlockCounters::connectionsAccepted);
    counter(registry, "dfs.datanode.blocks.written", "Blocks stored by PUT_BLOCK.", counters,
        BlockCounters::blocksWritten);
    counter(registry, "dfs.datanode.bytes.written", "Bytes stored by PUT_BLOCK.", counters,
        BlockCounters::bytesWritten);
    counter(registry, "dfs.datanode.reads", "GET_BLOCK requests served in full.", counters,
        BlockCounters::readsServed);
    counter(registry, "dfs.datanode.bytes.read", "Bytes served by GET_BLOCK.", counters, BlockCounters::bytesRead);
    counter(registry, "dfs.datanode.requests.refused", "Block requests answered with ERROR.", counters,
        BlockCounters::requestsRefused);
    counter(registry, "dfs.datanode.corrupt.reads", "Reads that found stored bytes failing their checksum.",
        counters, BlockCounters::corruptReads);
    counter(registry, "dfs.datanode.write.pauses", "Times a block write waited for its disk or its downstream node.",
        counters, BlockCounters::writePauses);
    counter(registry, "dfs.datanode.corrupt.replicas.found",
        "Replicas found corrupt or missing (by reads, copies or the scrubber) and quarantined.", counters,
        BlockCounters::corruptReplicasFound);
    counter(registry, "dfs.datanode.copies.sent", "Re-replication copies sent to other nodes.", counters,
        BlockCounters::copiesSent);
    counter(registry, "dfs.datanode.copy.bytes.sent", "Bytes of re-replication copies sent.", counters,
        BlockCounters::copyBytesSent);
    counter(registry, "dfs.datanode.writes.refused.no.space", "Block writes refused or failed for lack of space.",
        counters, BlockCounters::writesRefusedNoSpace);

    counter(registry, "dfs.datanode.scrub.passes", "Full scrub passes completed.", scrubber,
        s -> s.stats().passes());
    counter(registry, "dfs.datanode.scrub.bytes", "Bytes re-read and verified by the scrubber.", scrubber,
        s -> s.stats().bytesScrubbed());
    gauge(registry, "dfs.datanode.scrub.last.pass.end.ms", "When the last scrub pass ended (epoch ms; 0: none yet).",
        scrubber, s -> s.stats().lastPassEndedMs());
  }

  private static <T> void gauge(MeterRegistry registry, String name, String help, T source, ToDoubleFunction<T> f) {
    // Strong: some sources are lambdas only the gauge holds.
    Gauge.builder(name, source, f).description(help).strongReference(true).register(registry);
  }

  /** {@code source} must be held elsewhere: a function counter keeps only a weak reference to it. */
  private static <T> void counter(MeterRegistry registry, String name, String help, T source, ToLongFunction<T> f) {
    FunctionCounter.builder(name, source, s -> f.applyAsLong(s)).description(help).register(registry);
  }
}
