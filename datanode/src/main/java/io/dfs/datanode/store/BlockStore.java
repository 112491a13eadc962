package io.dfs.datanode.store;

import io.dfs.common.ids.BlockIds;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Blocks on local disk, by UUID:
 *
 * <pre>
 *   blocks/&lt;2 hex&gt;/&lt;uuid&gt;.blk    block bytes
 *   blocks/&lt;2 hex&gt;/&lt;uuid&gt;.meta   {@link BlockMeta} as JSON
 *   tmp/                           in-flight writes; cleared at open
 * </pre>
 *
 * A block exists once its {@code .blk} is in place: the sidecar is renamed in first, then the data,
 * then the directory is fsynced, so a crash leaves either no block or a whole one (a sidecar alone
 * is removed at the next open). Every method does blocking file I/O: call it on a worker thread.
 * Every id is checked as a canonical UUID before a path is built from it.
 */
public final class BlockStore {
  private static final Logger LOG = LoggerFactory.getLogger(BlockStore.class);

  /** What the index keeps of a stored block. */
  public record BlockInfo(String blockId, long length, int crc32c) {}

  private final Path blocksDir;
  private final Path tmpDir;
  private final boolean fsync;
  private final Map<String, BlockInfo> index = new ConcurrentHashMap<>();
  private final AtomicLong usedBytes = new AtomicLong();

  private BlockStore(Path dataDir, boolean fsync) {
    this.blocksDir = dataDir.resolve("blocks");
    this.tmpDir = dataDir.resolve("tmp");
    this.fsync = fsync;
  }

  /** Opens the store: clears tmp/, removes half-written blocks, and indexes what is there. */
  public static BlockStore open(Path dataDir, boolean fsync) throws IOException {
    BlockStore store = new BlockStore(dataDir, fsync);
    store.load();
    return store;
  }

  private void load() throws IOException {
    Files.createDirectories(blocksDir);
    if (Files.exists(tmpDir)) {
      try (Stream<Path> s = Files.walk(tmpDir)) {
        for (Path p : s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
    Files.createDirectories(tmpDir);
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(blocksDir)) {
      for (Path dir : dirs) {
        if (Files.isDirectory(dir)) {
          loadDir(dir);
        }
      }
    }
    LOG.info("event=store_opened blocks={} usedBytes={}", index.size(), usedBytes.get());
  }

  private void loadDir(Path dir) throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        if (name.endsWith(".meta")) {
          String id = name.substring(0, name.length() - 5);
          if (!Files.exists(dir.resolve(id + ".blk"))) {
            Files.deleteIfExists(f);
          }
        } else if (name.endsWith(".blk")) {
          String id = name.substring(0, name.length() - 4);
          if (!BlockIds.isCanonical(id)) {
            continue;
          }
          try {
            BlockMeta meta = readMetaFile(dir.resolve(id + ".meta"));
            if (Files.size(f) != meta.length()) {
              throw new IllegalArgumentException("length differs from its sidecar");
            }
            index.put(id, new BlockInfo(id, meta.length(), meta.crc32c()));
            usedBytes.addAndGet(meta.length());
          } catch (IOException | RuntimeException e) {
            LOG.warn("event=block_dropped blockId={} reason=\"{}\"", id, e.getMessage());
            Files.deleteIfExists(f);
            Files.deleteIfExists(dir.resolve(id + ".meta"));
          }
        }
      }
    }
  }

  public Path blockFile(String blockId) {
    String id = BlockIds.require(blockId);
    return blocksDir.resolve(id.substring(0, 2)).resolve(id + ".blk");
  }

  private Path metaFile(String blockId) {
    String id = BlockIds.require(blockId);
    return blocksDir.resolve(id.substring(0, 2)).resolve(id + ".meta");
  }

  /** A fresh temp path for an incoming block; unique per write so concurrent retries do not collide. */
  public Path newTempFile(String blockId) {
    return tmpDir.resolve(BlockIds.require(blockId) + "." + UUID.randomUUID() + ".blk");
  }

  public BlockInfo info(String blockId) {
    return index.get(BlockIds.require(blockId));
  }

  public BlockMeta readMeta(String blockId) throws IOException {
    return readMetaFile(metaFile(blockId));
  }

  private static BlockMeta readMetaFile(Path p) throws IOException {
    return BlockMeta.fromJson(new JsonObject(Files.readString(p, StandardCharsets.UTF_8)));
  }

  /**
   * Moves a fully written, already fsynced temp file into place with its sidecar, durably. If the
   * block is already stored (a retried write won the race) the temp file is dropped.
   */
  public BlockInfo commit(String blockId, Path tempData, BlockMeta meta) throws IOException {
    String id = BlockIds.require(blockId);
    Path finalData = blockFile(id);
    Path dir = finalData.getParent();
    Files.createDirectories(dir);
    Path tempMeta = tmpDir.resolve(tempData.getFileName() + ".meta");
    try (FileChannel ch = FileChannel.open(tempMeta, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ch.write(java.nio.ByteBuffer.wrap(meta.toJson().encode().getBytes(StandardCharsets.UTF_8)));
      if (fsync) {
        ch.force(true);
      }
    }
    synchronized (this) {
      BlockInfo existing = index.get(id);
      if (existing != null) {
        Files.deleteIfExists(tempMeta);
        Files.deleteIfExists(tempData);
        return existing;
      }
      Files.move(tempMeta, metaFile(id), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      Files.move(tempData, finalData, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      if (fsync) {
        syncDirectory(dir);
      }
      BlockInfo info = new BlockInfo(id, meta.length(), meta.crc32c());
      index.put(id, info);
      usedBytes.addAndGet(meta.length());
      return info;
    }
  }

  private static void syncDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  /** Removes a temp file of a failed write; never fails. */
  public void discardTemp(Path tempData) {
    try {
      Files.deleteIfExists(tempData);
    } catch (IOException e) {
      LOG.warn("event=temp_not_removed file={} reason=\"{}\"", tempData, e.getMessage());
    }
  }

  /** Deletes blocks; ids it does not hold are skipped. Returns how many it deleted. */
  public int delete(Collection<String> blockIds) {
    int deleted = 0;
    for (String raw : blockIds) {
      String id = BlockIds.require(raw);
      synchronized (this) {
        BlockInfo info = index.remove(id);
        try {
          Files.deleteIfExists(blockFile(id));
          Files.deleteIfExists(metaFile(id));
        } catch (IOException e) {
          throw new UncheckedIOException("cannot delete block " + id, e);
        }
        if (info != null) {
          usedBytes.addAndGet(-info.length());
          deleted++;
        }
      }
    }
    return deleted;
  }

  public List<BlockInfo> list() {
    return new ArrayList<>(index.values());
  }

  public int blockCount() {
    return index.size();
  }

  public long usedBytes() {
    return usedBytes.get();
  }

  /** Usable space of the file system the blocks live on. */
  public long diskCapacity() {
    try {
      return Files.getFileStore(blocksDir).getTotalSpace();
    } catch (IOException e) {
      return 0;
    }
  }
}
