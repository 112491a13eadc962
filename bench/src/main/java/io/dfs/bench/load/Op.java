package io.dfs.bench.load;

/**
 * One operation of the load, planned from the seed: a put of {@code size} bytes drawn from
 * {@code contentSeed}, a get, an ls (when {@code name} is null) or a stat, or an rm.
 */
record Op(long index, Kind kind, String name, long size, long contentSeed) {
  enum Kind {
    GET, PUT, LS_STAT, RM;

    /** Reads and listings go to the readers; puts and deletes to the writers. */
    boolean writes() {
      return this == PUT || this == RM;
    }

    String label() {
      return name().toLowerCase().replace('_', '-');
    }
  }

  /** The figure's size bucket: the power of 4 nearest the size, 4k … 4m; "all" for sizeless ops. */
  static String bucket(long bytes) {
    String[] names = {"4k", "16k", "64k", "256k", "1m", "4m"};
    long upper = 8 * 1024;
    for (int i = 0; i < names.length - 1; i++, upper *= 4) {
      if (bytes <= upper) {
        return names[i];
      }
    }
    return names[names.length - 1];
  }
}
