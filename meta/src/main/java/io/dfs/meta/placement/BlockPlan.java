package io.dfs.meta.placement;

import java.util.List;

/** Where one block of a new file goes: its id, its place in the file, and its nodes, primary first. */
public record BlockPlan(String blockId, int index, long offset, long length, List<NodeAddress> nodes) {
  public BlockPlan {
    nodes = List.copyOf(nodes);
  }
}
