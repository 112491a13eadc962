package io.dfs.datanode.wire;

import io.dfs.datanode.store.BlockStore.BlockInfo;
import java.util.Collection;

/** Where the block server tells meta what changed on this node's disk. */
public interface BlockEvents {
  /** A replica became durable here. */
  void received(BlockInfo block);

  /** Replicas were removed here. */
  void deleted(Collection<String> blockIds);
}
