package io.dfs.datanode.wire;

import io.dfs.datanode.store.BlockStore.BlockInfo;
import java.util.Collection;

/**
 * Where the block server says what changed on this node's disk, so meta hears of it. Called from
 * any thread; implementations must not block.
 */
public interface BlockEvents {
  /** A replica became durable here. */
  void received(BlockInfo block);

  /** Replicas were removed here. */
  void deleted(Collection<String> blockIds);

  /**
   * Replicas of blocks that belong to no file were removed because meta asked (DELETE_BLOCKS with
   * {@code garbage}): meta learns it from the ACK.
   */
  void garbageDeleted(Collection<String> blockIds);
}
