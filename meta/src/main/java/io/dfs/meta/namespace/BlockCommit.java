package io.dfs.meta.namespace;

/** What a client says about one written block when it commits a file. */
public record BlockCommit(String blockId, long length, long crc32c) {}
