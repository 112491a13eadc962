package io.dfs.meta.namespace;

/**
 * The result of a commit.
 *
 * @param file the committed file
 * @param replaced the file of the same owner and name that the commit replaced, or null
 * @param repeated true if the file was already committed with these very blocks (a retried commit)
 */
public record CommitOutcome(FileRecord file, FileRecord replaced, boolean repeated) {}
