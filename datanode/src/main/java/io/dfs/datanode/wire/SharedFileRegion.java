package io.dfs.datanode.wire;

import io.netty.channel.DefaultFileRegion;
import java.nio.channels.FileChannel;

/**
 * A range of a block file for Netty to send with {@code sendfile}; one open file serves every range
 * of a read, so releasing a range must not close it (the read closes it once its last range is out).
 */
final class SharedFileRegion extends DefaultFileRegion {
  SharedFileRegion(FileChannel file, long position, long count) {
    super(file, position, count);
  }

  @Override
  protected void deallocate() {
    // Not the file's owner; see the class comment.
  }
}
