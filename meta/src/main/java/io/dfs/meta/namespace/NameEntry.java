package io.dfs.meta.namespace;

import java.nio.charset.StandardCharsets;

/**
 * The value of a name key, {@code n/<owner>\0<name>}: the file's id, then what a listing shows of
 * it, as {@code <fileId> <size> <blocks> <createdAt>} in ASCII. A listing then reads the names
 * alone instead of reading and parsing every file record, which was a third of meta's CPU under
 * {@code make load}. The entry and the record are written and deleted in one batch, so they agree.
 *
 * <p>A store written before the summary was added holds the bare id; {@link #summary} has nothing
 * for it, and the listing reads that file's record instead. The next commit of the name writes
 * the summary.
 */
final class NameEntry {
  private static final char SEPARATOR = ' ';

  private NameEntry() {}

  static byte[] encode(FileRecord file) {
    String entry = file.id() + SEPARATOR + file.size() + SEPARATOR + file.blocks().size() + SEPARATOR
        + file.createdAt();
    return entry.getBytes(StandardCharsets.US_ASCII);
  }

  static String fileId(byte[] value) {
    String entry = new String(value, StandardCharsets.UTF_8);
    int end = entry.indexOf(SEPARATOR);
    return end < 0 ? entry : entry.substring(0, end);
  }

  /** The listing of the file named {@code name} from its entry; null for an entry without a summary. */
  static ListedFile summary(String name, byte[] value) {
    String entry = new String(value, StandardCharsets.UTF_8);
    int idEnd = entry.indexOf(SEPARATOR);
    if (idEnd < 0) {
      return null;
    }
    int sizeEnd = entry.indexOf(SEPARATOR, idEnd + 1);
    int blocksEnd = entry.indexOf(SEPARATOR, sizeEnd + 1);
    if (sizeEnd < 0 || blocksEnd < 0) {
      throw new IllegalStateException("the stored name entry of '" + name + "' is malformed: " + entry);
    }
    try {
      return new ListedFile(entry.substring(0, idEnd), name,
          Long.parseLong(entry, idEnd + 1, sizeEnd, 10),
          Integer.parseInt(entry, sizeEnd + 1, blocksEnd, 10),
          Long.parseLong(entry, blocksEnd + 1, entry.length(), 10));
    } catch (NumberFormatException e) {
      throw new IllegalStateException("the stored name entry of '" + name + "' is malformed: " + entry, e);
    }
  }
}
