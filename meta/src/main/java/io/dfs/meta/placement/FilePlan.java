package io.dfs.meta.placement;

import java.util.List;

/** A new file cut into blocks, each with its nodes. An empty file has no blocks. */
public record FilePlan(long blockSize, List<BlockPlan> blocks) {
  public FilePlan {
    blocks = List.copyOf(blocks);
  }
}
