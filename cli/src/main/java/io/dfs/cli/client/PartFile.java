package io.dfs.cli.client;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The file a download writes into, {@code .<name>.dfs-part-<random>} next to its target, open for
 * writing. It ends as the target, renamed atomically ({@link #moveIntoPlace}), or deleted
 * ({@link #discard}). Its methods block: each is one trip to a worker thread, and creating and
 * opening, like closing and renaming, are one trip each because a small file's download is mostly
 * such trips.
 */
final class PartFile {
  private final Path target;
  private final Path path;
  private final FileChannel channel;

  private PartFile(Path target, Path path, FileChannel channel) {
    this.target = target;
    this.path = path;
    this.channel = channel;
  }

  /** Creates and opens the part file of {@code target}; fails with a {@link LocalFileException} naming the target. */
  static PartFile create(Path target) {
    if (Files.isDirectory(target)) {
      throw new LocalFileException("cannot write " + target + ": it is a directory");
    }
    byte[] random = new byte[6];
    ThreadLocalRandom.current().nextBytes(random);
    Path path = target.resolveSibling("." + target.getFileName() + ".dfs-part-" + HexFormat.of().formatHex(random));
    try {
      return new PartFile(target, path,
          FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
    } catch (IOException e) {
      throw LocalFileException.cannotWrite(target, e);
    }
  }

  FileChannel channel() {
    return channel;
  }

  /** Closes the file and renames it onto the target; on failure deletes it and throws a {@link LocalFileException}. */
  Void moveIntoPlace() {
    try {
      channel.close();
      try {
        Files.move(path, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(path, target, StandardCopyOption.REPLACE_EXISTING);
      }
      return null;
    } catch (IOException e) {
      discard();
      throw LocalFileException.cannotWrite(target, e);
    }
  }

  /** Closes and deletes the file, as far as the file system lets it; never throws. */
  Void discard() {
    try {
      channel.close();
    } catch (IOException e) {
      // Deleting it is what matters.
    }
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // Nothing more to do: the name marks it as a leftover part.
    }
    return null;
  }
}
