package io.dfs.cli.output;

import io.dfs.cli.client.ClusterState;
import io.dfs.cli.client.FileInfo;
import io.dfs.cli.client.FileSummary;
import io.dfs.cli.client.NodeAddress;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The CLI's output for people: aligned tables and human-readable sizes. */
public final class HumanViews {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

  private final ZoneId zone;

  public HumanViews(ZoneId zone) {
    this.zone = zone;
  }

  /** {@code ls}: one row per file; nothing at all when there are none. */
  public String files(List<FileSummary> files) {
    if (files.isEmpty()) {
      return "";
    }
    Table table = new Table("ID", "SIZE", "BLOCKS", "CREATED", "NAME").alignRight(1, 2);
    for (FileSummary f : files) {
      table.row(f.id(), HumanSize.format(f.size()), f.blocks(), time(f.createdAt()), f.name());
    }
    return table.render();
  }

  /** {@code stat}: the file's attributes, then one row per block. */
  public String stat(FileInfo file) {
    StringBuilder out = new StringBuilder();
    out.append("name:         ").append(file.name()).append('\n');
    out.append("id:           ").append(file.id()).append('\n');
    out.append("size:         ").append(HumanSize.format(file.size())).append(" (").append(file.size())
        .append(" bytes)\n");
    if (file.blockSize() > 0) {
      out.append("block size:   ").append(HumanSize.format(file.blockSize())).append('\n');
    }
    if (file.replication() > 0) {
      out.append("replication:  ").append(file.replication()).append('\n');
    }
    if (file.createdAt() > 0) {
      out.append("created:      ").append(time(file.createdAt())).append('\n');
    }
    out.append("blocks:       ").append(file.blocks().size()).append('\n');
    if (!file.blocks().isEmpty()) {
      Table table = new Table("#", "OFFSET", "LENGTH", "CRC32C", "BLOCK", "REPLICAS").alignRight(0, 1, 2);
      int i = 0;
      for (FileInfo.FileBlock b : file.blocks()) {
        String replicas = b.replicas().isEmpty() ? "(none live)"
            : b.replicas().stream().map(NodeAddress::node).collect(Collectors.joining(","));
        table.row(i++, b.offset(), HumanSize.format(b.length()), String.format(Locale.ROOT, "%08x", b.crc32c()),
            b.id(), replicas);
      }
      out.append('\n').append(table.render());
    }
    return out.toString();
  }

  /** {@code cluster}: one row per node, then the replica health summary. */
  public String cluster(ClusterState cluster) {
    StringBuilder out = new StringBuilder();
    if (!cluster.nodes().isEmpty()) {
      Table table = new Table("NODE", "ADDRESS", "STATE", "USED", "CAPACITY", "USE%", "BLOCKS", "HEARTBEAT")
          .alignRight(3, 4, 5, 6, 7);
      for (ClusterState.NodeState n : cluster.nodes()) {
        String use = n.capacityBytes() > 0
            ? String.format(Locale.ROOT, "%.1f%%", 100.0 * n.usedBytes() / n.capacityBytes()) : "-";
        String heartbeat = n.lastHeartbeatAgeMs() < 0 ? "-"
            : String.format(Locale.ROOT, "%.1fs ago", n.lastHeartbeatAgeMs() / 1000.0);
        table.row(n.id(), n.address(), n.state(), HumanSize.format(n.usedBytes()),
            HumanSize.format(n.capacityBytes()), use, n.blocks(), heartbeat);
      }
      out.append(table.render()).append('\n');
      for (ClusterState.NodeState n : cluster.nodes()) {
        if (n.deadSince() > 0) {
          out.append(n.id()).append(" dead since ").append(Instant.ofEpochMilli(n.deadSince()))
              .append(n.deadReason() == null ? "" : ": " + n.deadReason()).append('\n');
        }
      }
    }
    out.append("live nodes:              ").append(cluster.liveNodes()).append(" of ").append(cluster.nodes().size())
        .append('\n');
    if (cluster.files() >= 0) {
      out.append("files:                   ").append(cluster.files()).append('\n');
    }
    out.append("under-replicated blocks: ").append(cluster.underReplicatedBlocks()).append('\n');
    out.append("missing blocks:          ").append(cluster.missingBlocks()).append('\n');
    return out.toString();
  }

  private String time(long epochMillis) {
    return TIME.format(Instant.ofEpochMilli(epochMillis).atZone(zone));
  }
}
