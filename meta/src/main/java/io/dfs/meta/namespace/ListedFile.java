package io.dfs.meta.namespace;

/**
 * What a file list shows of a committed file.
 *
 * @param blocks how many blocks the file has
 * @param createdAt epoch ms the file became visible
 */
public record ListedFile(String id, String name, long size, int blocks, long createdAt) {
  static ListedFile of(FileRecord file) {
    return new ListedFile(file.id(), file.name(), file.size(), file.blocks().size(), file.createdAt());
  }
}
