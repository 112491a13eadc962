package io.dfs.datanode.http;

import io.dfs.datanode.store.BlockStore;
import io.dfs.datanode.wire.BlockCounters;
import java.util.function.BooleanSupplier;

/** This node's numbers in the Prometheus text format, read from in-memory state only. */
public final class DatanodeMetrics {
  private final BlockStore store;
  private final BlockCounters counters;
  private final long capacityBytes;
  private final BooleanSupplier joined;

  public DatanodeMetrics(BlockStore store, BlockCounters counters, long capacityBytes, BooleanSupplier joined) {
    this.store = store;
    this.counters = counters;
    this.capacityBytes = capacityBytes;
    this.joined = joined;
  }

  public String render() {
    StringBuilder sb = new StringBuilder(1024);
    gauge(sb, "dfs_datanode_blocks", "Blocks stored on this node.", store.blockCount());
    gauge(sb, "dfs_datanode_used_bytes", "Bytes of block data stored on this node.", store.usedBytes());
    gauge(sb, "dfs_datanode_capacity_bytes", "Capacity this node reports to meta.", capacityBytes);
    gauge(sb, "dfs_datanode_joined", "1 while meta has admitted this node.", joined.getAsBoolean() ? 1 : 0);
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
