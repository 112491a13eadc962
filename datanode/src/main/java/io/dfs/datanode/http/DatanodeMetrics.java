package io.dfs.datanode.http;

import io.dfs.datanode.store.BlockStore;
import io.dfs.datanode.store.Scrubber;
import io.dfs.datanode.store.Space;
import io.dfs.datanode.wire.BlockCounters;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/** This node's numbers in the Prometheus text format, read from in-memory state only. */
public final class DatanodeMetrics {
  private final BlockStore store;
  private final BlockCounters counters;
  private final Space space;
  private final BooleanSupplier joined;
  private final Supplier<Scrubber.Stats> scrub;
  private final IntSupplier openConnections;

  /** @param scrub the scrubber's numbers; null before it runs */
  public DatanodeMetrics(BlockStore store, BlockCounters counters, Space space, BooleanSupplier joined,
      Supplier<Scrubber.Stats> scrub, IntSupplier openConnections) {
    this.store = store;
    this.counters = counters;
    this.space = space;
    this.joined = joined;
    this.scrub = scrub;
    this.openConnections = openConnections;
  }

  public String render() {
    StringBuilder sb = new StringBuilder(1024);
    gauge(sb, "dfs_datanode_blocks", "Blocks stored on this node.", store.blockCount());
    gauge(sb, "dfs_datanode_used_bytes", "Bytes of block data stored on this node.", store.usedBytes());
    gauge(sb, "dfs_datanode_capacity_bytes", "Capacity this node reports to meta.", space.capacityBytes());
    gauge(sb, "dfs_datanode_free_bytes", "Bytes a new block may still take (capacity, disk and writes in progress).",
        space.freeBytes());
    gauge(sb, "dfs_datanode_joined", "1 while meta has admitted this node.", joined.getAsBoolean() ? 1 : 0);
    gauge(sb, "dfs_datanode_block_connections", "Block protocol connections open.", openConnections.getAsInt());
    counter(sb, "dfs_datanode_blocks_written_total", "Blocks stored by PUT_BLOCK.", counters.blocksWritten());
    counter(sb, "dfs_datanode_bytes_written_total", "Bytes stored by PUT_BLOCK.", counters.bytesWritten());
    counter(sb, "dfs_datanode_reads_total", "GET_BLOCK requests served in full.", counters.readsServed());
    counter(sb, "dfs_datanode_bytes_read_total", "Bytes served by GET_BLOCK.", counters.bytesRead());
    counter(sb, "dfs_datanode_requests_refused_total", "Block requests answered with ERROR.",
        counters.requestsRefused());
    counter(sb, "dfs_datanode_corrupt_reads_total", "Reads that found stored bytes failing their checksum.",
        counters.corruptReads());
    counter(sb, "dfs_datanode_write_pauses_total", "Times a block write waited for its disk or its downstream node.",
        counters.writePauses());
    counter(sb, "dfs_datanode_corrupt_replicas_found_total",
        "Replicas found corrupt or missing (by reads, copies or the scrubber) and quarantined.",
        counters.corruptReplicasFound());
    counter(sb, "dfs_datanode_copies_sent_total", "Re-replication copies sent to other nodes.", counters.copiesSent());
    counter(sb, "dfs_datanode_copy_bytes_sent_total", "Bytes of re-replication copies sent.", counters.copyBytesSent());
    counter(sb, "dfs_datanode_writes_refused_no_space_total", "Block writes refused or failed for lack of space.",
        counters.writesRefusedNoSpace());
    Scrubber.Stats s = scrub.get();
    if (s != null) {
      counter(sb, "dfs_datanode_scrub_passes_total", "Full scrub passes completed.", s.passes());
      counter(sb, "dfs_datanode_scrub_bytes_total", "Bytes re-read and verified by the scrubber.", s.bytesScrubbed());
      gauge(sb, "dfs_datanode_scrub_last_pass_end_ms", "When the last scrub pass ended (epoch ms; 0: none yet).",
          s.lastPassEndedMs());
    }
    return sb.toString();
  }

  private static void gauge(StringBuilder sb, String name, String help, long value) {
    metric(sb, name, help, "gauge", value);
  }

  private static void counter(StringBuilder sb, String name, String help, long value) {
    metric(sb, name, help, "counter", value);
  }

  private static void metric(StringBuilder sb, String name, String help, String type, long value) {
    sb.append("# HELP ").append(name).append(' ').append(help).append('\n')
        .append("# TYPE ").append(name).append(' ').append(type).append('\n')
        .append(name).append(' ').append(value).append('\n');
  }
}
