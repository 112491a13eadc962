package io.dfs.meta.placement;

import io.dfs.meta.health.ClusterView;
import io.dfs.meta.namespace.BlockRecord;
import io.dfs.meta.namespace.FileRecord;
import java.util.function.Consumer;

/**
 * Counts committed files and how healthy their blocks are against one {@link ClusterView}: a block
 * is missing with no usable replica on a live node, and under-replicated with at least one but
 * fewer than its file's replication. Fed one file at a time by a namespace scan; one thread.
 */
public final class ReplicationCensus implements Consumer<FileRecord> {
  private final ClusterView view;
  private final ReplicaLocator locator;
  private long files;
  private long blocks;
  private long underReplicated;
  private long missing;

  public ReplicationCensus(ClusterView view, ReplicaLocator locator) {
    this.view = view;
    this.locator = locator;
  }

  @Override
  public void accept(FileRecord file) {
    files++;
    blocks += file.blocks().size();
    for (BlockRecord b : file.blocks()) {
      long crc = b.crc32c() == null ? 0 : b.crc32c();
      int usable = locator.countUsable(view, b.id(), b.length(), crc);
      if (usable == 0) {
        missing++;
      } else if (usable < file.replication()) {
        underReplicated++;
      }
    }
  }

  public long files() {
    return files;
  }

  /** Blocks of committed files. */
  public long blocks() {
    return blocks;
  }

  public long underReplicated() {
    return underReplicated;
  }

  public long missing() {
    return missing;
  }
}
