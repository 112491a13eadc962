package io.dfs.meta.namespace;

import io.dfs.common.error.DfsException;
import io.dfs.common.error.ErrorCode;
import java.util.ArrayList;
import java.util.List;

/**
 * A file as the namespace stores it under {@code f/<id>} (see {@link FileRecordCodec}).
 *
 * @param owner the user whose namespace it is in
 * @param replication the replication factor the owner asked for
 * @param createdAt epoch ms the file was created (pending) or became visible (committed)
 * @param expiresAt epoch ms a pending file is dropped if not committed; 0 once committed
 * @param blocks in file order; offsets are contiguous and lengths add up to {@code size}
 */
public record FileRecord(
    String id,
    String owner,
    String name,
    long size,
    long blockSize,
    int replication,
    FileState state,
    long createdAt,
    long expiresAt,
    List<BlockRecord> blocks) {

  public FileRecord {
    blocks = List.copyOf(blocks);
  }

  public boolean pending() {
    return state == FileState.PENDING;
  }

  /**
   * Fails with CONFLICT unless {@code commits} names exactly this file's blocks, in order, with
   * the planned lengths, and each with a CRC32C in the unsigned 32-bit range.
   */
  public void checkCommit(List<BlockCommit> commits) {
    if (commits.size() != blocks.size()) {
      throw new DfsException(ErrorCode.CONFLICT,
          "file has " + blocks.size() + " block(s), the commit names " + commits.size());
    }
    for (int i = 0; i < blocks.size(); i++) {
      BlockRecord planned = blocks.get(i);
      BlockCommit sent = commits.get(i);
      if (!planned.id().equals(sent.blockId())) {
        throw new DfsException(ErrorCode.CONFLICT, "block " + i + " is " + planned.id() + ", not " + sent.blockId());
      }
      if (planned.length() != sent.length()) {
        throw new DfsException(ErrorCode.CONFLICT,
            "block " + planned.id() + " has length " + planned.length() + ", not " + sent.length());
      }
    }
  }

  /** True if this committed file holds exactly these blocks with these checksums. */
  public boolean sameBlocks(List<BlockCommit> commits) {
    if (commits.size() != blocks.size()) {
      return false;
    }
    for (int i = 0; i < blocks.size(); i++) {
      BlockRecord b = blocks.get(i);
      BlockCommit c = commits.get(i);
      if (!b.id().equals(c.blockId()) || b.length() != c.length() || b.crc32c() == null || b.crc32c() != c.crc32c()) {
        return false;
      }
    }
    return true;
  }

  /** This pending file as committed at {@code now} with the given checksums. */
  FileRecord committed(List<BlockCommit> commits, long now) {
    List<BlockRecord> done = new ArrayList<>(blocks.size());
    for (int i = 0; i < blocks.size(); i++) {
      BlockRecord b = blocks.get(i);
      done.add(new BlockRecord(b.id(), b.offset(), b.length(), commits.get(i).crc32c()));
    }
    return new FileRecord(id, owner, name, size, blockSize, replication, FileState.COMMITTED, now, 0, done);
  }
}
