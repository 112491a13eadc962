package io.dfs.auth.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;

/**
 * Files only their owner may read: directories with mode 700, files with mode 600, written
 * atomically (temp file, fsync, rename, fsync of the directory) so a reader sees either the old or
 * the new content, never a torn one, even after a crash. All methods block: call them off the
 * event loop.
 */
public final class PrivateFiles {
  /** Temp files start with this and end in a random suffix, so no reader takes one for a real file. */
  public static final String TEMP_PREFIX = ".tmp-";

  private static final Set<PosixFilePermission> OWNER_RW = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OWNER_RWX = PosixFilePermissions.fromString("rwx------");
  private static final SecureRandom RANDOM = new SecureRandom();

  private PrivateFiles() {}

  /** Creates {@code dir} (and missing parents) and makes {@code dir} itself mode 700. */
  public static Path ensureDirectory(Path dir) throws IOException {
    Files.createDirectories(dir);
    if (posix(dir)) {
      Files.setPosixFilePermissions(dir, OWNER_RWX);
    }
    return dir;
  }

  /**
   * Replaces {@code target} with {@code content}, mode 600. The directory must exist. On failure
   * {@code target} keeps its old content and no temp file is left behind.
   */
  public static void writeAtomically(Path target, byte[] content) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Path temp = dir.resolve(TEMP_PREFIX + target.getFileName() + "-" + HexFormat.of().formatHex(randomBytes(6)));
    boolean moved = false;
    try {
      try (FileChannel ch = FileChannel.open(temp, Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW),
          ownerOnly(dir, OWNER_RW))) {
        ByteBuffer buf = ByteBuffer.wrap(content);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      moved = true;
      syncDirectory(dir);
    } finally {
      if (!moved) {
        Files.deleteIfExists(temp);
      }
    }
  }

  /**
   * The content of {@code file}, refusing files larger than {@code maxBytes} (our files are small;
   * a huge one is damage, not data).
   *
   * @throws NoSuchFileException if the file does not exist
   */
  public static byte[] readBounded(Path file, int maxBytes) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] content = in.readNBytes(maxBytes + 1);
      if (content.length > maxBytes) {
        throw new IOException(file + " is larger than " + maxBytes + " bytes");
      }
      return content;
    }
  }

  public static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  /** Makes the rename itself durable: without this a crash can forget it on some file systems. */
  private static void syncDirectory(Path dir) throws IOException {
    if (!posix(dir)) {
      return; // only POSIX systems let a directory be opened and synced; the rename is still atomic
    }
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  private static FileAttribute<?>[] ownerOnly(Path dir, Set<PosixFilePermission> perms) {
    return posix(dir) ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(perms)} : new FileAttribute<?>[0];
  }

  private static boolean posix(Path p) {
    return p.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
