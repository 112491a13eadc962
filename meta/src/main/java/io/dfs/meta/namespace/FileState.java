package io.dfs.meta.namespace;

/** The life of a file record. */
public enum FileState {
  /** Created with a block plan, blocks being written; invisible to lookups; expires. */
  PENDING("pending"),
  /** Visible under its name; every block has a checksum and enough reported replicas. */
  COMMITTED("committed");

  private final String storedName;

  FileState(String storedName) {
    this.storedName = storedName;
  }

  public String storedName() {
    return storedName;
  }

  public static FileState fromStoredName(String name) {
    for (FileState s : values()) {
      if (s.storedName.equals(name)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown file state " + name);
  }
}
