package io.dfs.cli.client;

import io.dfs.common.error.DfsException;
import io.dfs.common.error.ErrorCode;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * A failure of the local file a transfer reads or writes. Unlike a replica's failure it is not
 * worth retrying on another node, so transfers stop at once.
 */
public final class LocalFileException extends DfsException {
  public LocalFileException(String message) {
    super(ErrorCode.BAD_REQUEST, message);
  }

  /** {@code cannot read PATH: REASON}. */
  public static LocalFileException cannotRead(Path path, Throwable cause) {
    return new LocalFileException("cannot read " + path + ": " + reason(cause));
  }

  /** {@code cannot write PATH: REASON}. */
  public static LocalFileException cannotWrite(Path path, Throwable cause) {
    return new LocalFileException("cannot write " + path + ": " + reason(cause));
  }

  /** A short lower-case reason for an I/O failure, without the path the caller already names. */
  static String reason(Throwable cause) {
    Throwable t = cause;
    // Vert.x wraps java.nio failures in its own FileSystemException.
    while (t.getCause() != null && !(t instanceof IOException)) {
      t = t.getCause();
    }
    if (t instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (t instanceof NoSuchFileException) {
      return "no such file or directory";
    }
    if (t instanceof NotDirectoryException) {
      return "not a directory";
    }
    if (t instanceof FileAlreadyExistsException) {
      return "already exists";
    }
    if (t instanceof FileSystemException fse && fse.getReason() != null) {
      return fse.getReason().toLowerCase(java.util.Locale.ROOT);
    }
    String message = t.getMessage();
    return message == null ? t.getClass().getSimpleName() : message.toLowerCase(java.util.Locale.ROOT);
  }
}
