package io.dfs.meta.namespace;

import java.util.Set;

/**
 * A block no file owns any more, waiting for its replicas to be deleted.
 *
 * @param holders the nodes that held it when its file was dropped, less those that deleted it
 *     since; replicas reported after the drop are in the {@link ReplicaMap} instead
 */
public record GarbageBlock(String id, Set<String> holders) {
  public GarbageBlock {
    holders = Set.copyOf(holders);
  }
}
