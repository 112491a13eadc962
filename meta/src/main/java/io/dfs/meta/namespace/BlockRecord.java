package io.dfs.meta.namespace;

/**
 * One block of a file.
 *
 * @param crc32c the unsigned CRC32C of the block's bytes; null until the file is committed
 */
public record BlockRecord(String id, long offset, long length, Long crc32c) {
}
