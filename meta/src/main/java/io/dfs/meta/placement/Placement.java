package io.dfs.meta.placement;

import io.dfs.common.error.DfsException;
import io.dfs.common.error.ErrorCode;
import io.dfs.common.ids.BlockIds;
import io.dfs.meta.health.ClusterView;
import io.dfs.meta.health.NodeInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a new file into blocks and places each on the KeyRing: a fresh block id, its offset and
 * length, and {@code min(replication, live nodes)} distinct nodes clockwise from the block's hash,
 * skipping nodes without room for the block.
 */
public final class Placement {
  /**
   * Most blocks one file may have. Bounds the plan and the commit body (about 250 and 90 bytes of
   * JSON per block); with the default 10 MiB blocks that is files of about 488 GiB.
   */
  public static final int MAX_BLOCKS_PER_FILE = 50_000;

  private final BlockSizing sizing;
  private final int minReplicas;

  public Placement(BlockSizing sizing, int minReplicas) {
    this.sizing = sizing;
    this.minReplicas = minReplicas;
  }

  /**
   * Replicas a block needs before a commit may succeed: {@code minReplicas}, or the file's
   * replication when that is lower.
   */
  public int requiredReplicas(int replication) {
    return Math.min(minReplicas, replication);
  }

  /**
   * The plan for a file of {@code size} bytes.
   *
   * @throws DfsException UNAVAILABLE when fewer live nodes (with room) than {@link #requiredReplicas};
   *     BAD_REQUEST when the file would need more than {@link #MAX_BLOCKS_PER_FILE} blocks
   */
  public FilePlan plan(long size, int replication, ClusterView view) {
    int live = view.liveCount();
    int required = requiredReplicas(replication);
    if (live < required) {
      throw new DfsException(ErrorCode.UNAVAILABLE,
          live + " live data node(s); a file with replication " + replication + " needs at least " + required);
    }
    long blockSize = sizing.blockSize(size, live);
    int perBlock = Math.min(replication, live);
    long count = BlockSizing.blockCount(size, blockSize);
    if (count > MAX_BLOCKS_PER_FILE) {
      throw DfsException.badRequest("a file of " + size + " bytes would need " + count
          + " blocks of " + blockSize + " bytes; at most " + MAX_BLOCKS_PER_FILE + " are allowed");
    }
    List<BlockPlan> blocks = new ArrayList<>((int) count);
    for (int index = 0; index < count; index++) {
      long offset = index * blockSize;
      long length = Math.min(blockSize, size - offset);
      String blockId = BlockIds.newId();
      List<String> nodes = view.ring().replicas(blockId, perBlock, id -> hasNoRoom(view.node(id), length));
      if (nodes.size() < required) {
        throw new DfsException(ErrorCode.UNAVAILABLE,
            "not enough live data nodes with room for a block of " + length + " bytes");
      }
      blocks.add(new BlockPlan(blockId, index, offset, length, view.liveAddresses(nodes)));
    }
    return new FilePlan(blockSize, blocks);
  }

  private static boolean hasNoRoom(NodeInfo node, long length) {
    return node == null || node.freeBytes() < length;
  }
}
