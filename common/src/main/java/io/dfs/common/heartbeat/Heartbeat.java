package io.dfs.common.heartbeat;

/** What a data node says in each heartbeat. */
public record Heartbeat(String nodeId, long seq, long usedBytes, long capacityBytes, int blockCount, long sentAtMs) {}
