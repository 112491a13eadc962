package io.dfs.meta.metrics;

import io.dfs.meta.namespace.NamespaceStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.OptionalLong;

/**
 * A few RocksDB properties of the namespace store as gauges; each is an in-memory read of the
 * engine's own statistics, and NaN while the store is closed.
 */
final class RocksDbMeters {
  private RocksDbMeters() {}

  static void register(MeterRegistry registry, NamespaceStore store) {
    gauge(registry, store, "dfs.meta.rocksdb.estimated.keys", null, "rocksdb.estimate-num-keys",
        "Keys in the namespace store, as RocksDB estimates them.");
    gauge(registry, store, "dfs.meta.rocksdb.live.sst.size", "bytes", "rocksdb.live-sst-files-size",
        "Bytes of the namespace store's live SST files.");
    gauge(registry, store, "dfs.meta.rocksdb.memtable.size", "bytes", "rocksdb.cur-size-all-mem-tables",
        "Bytes of the namespace store's memtables.");
    gauge(registry, store, "dfs.meta.rocksdb.pending.compaction", "bytes",
        "rocksdb.estimate-pending-compaction-bytes", "Bytes RocksDB estimates compaction still has to rewrite.");
  }

  private static void gauge(MeterRegistry registry, NamespaceStore store, String name, String unit, String property,
      String help) {
    Gauge.builder(name, store, s -> {
          OptionalLong value = s.property(property);
          return value.isPresent() ? value.getAsLong() : Double.NaN;
        })
        .description(help)
        .baseUnit(unit)
        .register(registry);
  }
}
