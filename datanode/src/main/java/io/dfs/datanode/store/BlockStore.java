package io.dfs.datanode.store;

import io.dfs.common.error.DfsException;
import io.dfs.common.error.ErrorCode;
import io.dfs.common.ids.BlockIds;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Blocks on local disk, by UUID, under a data directory:
 *
 * <pre>
 *   blocks/&lt;first 2 hex of id&gt;/&lt;uuid&gt;.blk    block bytes
 *   blocks/&lt;first 2 hex of id&gt;/&lt;uuid&gt;.meta   {@link BlockMeta} as JSON
 *   tmp/                                      in-flight writes; cleared at open
 * </pre>
 *
 * <p>A block is visible only when complete. A write goes to {@code tmp/<uuid>.<random>.blk} (see
 * {@link #newTempFile}); {@link #commit} writes the sidecar next to it, fsyncs it, renames the sidecar
 * into place, then the data file, then fsyncs the block directory. A crash therefore leaves either
 * no {@code .blk} (and perhaps a sidecar alone, removed at the next open) or a whole block.
 *
 * <p>The in-memory index (id to length and CRC32C) is built at open by scanning; a {@code .blk}
 * whose sidecar is missing, unreadable or of another length is removed. Index reads
 * ({@link #info}, {@link #contains}, {@link #list}, {@link #usedBytes}) are cheap and thread-safe;
 * every other method does blocking file I/O and must run on a worker thread. Every block id goes
 * through {@link BlockIds#require} before a path is built from it.
 */
public final class BlockStore {
  private static final Logger LOG = LoggerFactory.getLogger(BlockStore.class);
  private static final int LOCK_STRIPES = 64;

  /** What the index keeps of a stored block. */
  public record BlockInfo(String blockId, long length, int crc32c) {}

  private final Path blocksDir;
  private final Path tmpDir;
  private final Path quarantineDir;
  private final boolean fsync;
  private final Map<String, BlockInfo> index = new ConcurrentHashMap<>();
  private final AtomicLong usedBytes = new AtomicLong();
  /** What {@link BlockFileWriter#directAlignment} found for this store's temp files; set at open. */
  private int directAlignment;
  /** Commits and deletes of one id are serialised; different ids proceed in parallel. */
  private final Object[] locks = new Object[LOCK_STRIPES];

  private BlockStore(Path dataDir, boolean fsync) {
    this.blocksDir = dataDir.resolve("blocks");
    this.tmpDir = dataDir.resolve("tmp");
    this.quarantineDir = dataDir.resolve("quarantine");
    this.fsync = fsync;
    for (int i = 0; i < LOCK_STRIPES; i++) {
      locks[i] = new Object();
    }
  }

  /**
   * Opens the store: clears tmp/, removes sidecars without data and blocks without a valid
   * sidecar, and indexes the rest. Blocking.
   *
   * @param fsync whether commits fsync the sidecar and the block directory (the data file is the
   *     writer's to fsync before it commits)
   */
  public static BlockStore open(Path dataDir, boolean fsync) throws IOException {
    return open(dataDir, fsync, true);
  }

  /**
   * As {@link #open(Path, boolean)}; with {@code directIo}, blocks are written and read with
   * O_DIRECT where the file system allows it ({@link #directAlignment}).
   */
  public static BlockStore open(Path dataDir, boolean fsync, boolean directIo) throws IOException {
    BlockStore store = new BlockStore(dataDir, fsync);
    store.load(directIo);
    return store;
  }

  private void load(boolean directIo) throws IOException {
    Files.createDirectories(blocksDir);
    clearTemp();
    directAlignment = directIo ? BlockFileWriter.directAlignment(tmpDir) : 0;
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(blocksDir)) {
      for (Path dir : dirs) {
        if (Files.isDirectory(dir)) {
          loadDir(dir);
        }
      }
    }
    LOG.info("event=store_opened dir={} blocks={} usedBytes={} directIoAlignment={}", blocksDir.getParent(),
        index.size(), usedBytes.get(), directAlignment);
  }

  private void clearTemp() throws IOException {
    if (Files.exists(tmpDir)) {
      try (Stream<Path> all = Files.walk(tmpDir)) {
        for (Path p : all.sorted(Comparator.comparingInt(Path::getNameCount).reversed()).toList()) {
          if (!p.equals(tmpDir)) {
            Files.deleteIfExists(p);
          }
        }
      }
    }
    Files.createDirectories(tmpDir);
  }

  private void loadDir(Path dir) throws IOException {
    String shard = dir.getFileName().toString();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        if (name.endsWith(".meta")) {
          String id = name.substring(0, name.length() - ".meta".length());
          if (BlockIds.isCanonical(id) && !Files.exists(dir.resolve(id + ".blk")) && Files.deleteIfExists(f)) {
            LOG.info("event=orphan_sidecar_removed blockId={}", id);
          }
        } else if (name.endsWith(".blk")) {
          String id = name.substring(0, name.length() - ".blk".length());
          if (!BlockIds.isCanonical(id) || !id.startsWith(shard)) {
            LOG.warn("event=foreign_file_skipped file={}", f);
            continue;
          }
          loadBlock(dir, id, f);
        }
      }
    }
  }

  private void loadBlock(Path dir, String id, Path data) throws IOException {
    Path sidecar = dir.resolve(id + ".meta");
    try {
      BlockMeta meta = readMetaFile(sidecar);
      if (Files.size(data) != meta.length()) {
        throw new IllegalArgumentException("the data file's length differs from its sidecar");
      }
      index.put(id, new BlockInfo(id, meta.length(), meta.crc32c()));
      usedBytes.addAndGet(meta.length());
    } catch (IOException | RuntimeException e) {
      String reason = e instanceof NoSuchFileException ? "no sidecar" : e.getMessage();
      LOG.warn("event=block_dropped blockId={} reason=\"{}\"", id, reason);
      Files.deleteIfExists(data);
      Files.deleteIfExists(sidecar);
    }
  }

  private Path shardDir(String id) {
    return blocksDir.resolve(id.substring(0, 2));
  }

  /** The data file of a block, for reading; the id is checked first. */
  public Path blockFile(String blockId) {
    String id = BlockIds.require(blockId);
    return shardDir(id).resolve(id + ".blk");
  }

  private Path metaFile(String blockId) {
    String id = BlockIds.require(blockId);
    return shardDir(id).resolve(id + ".meta");
  }

  /** A fresh temp path for an incoming block, unique per write so concurrent retries never collide. */
  public Path newTempFile(String blockId) {
    return tmpDir.resolve(BlockIds.require(blockId) + "." + UUID.randomUUID() + ".blk");
  }

  /** The stored block, or null. */
  public BlockInfo info(String blockId) {
    return index.get(BlockIds.require(blockId));
  }

  public boolean contains(String blockId) {
    return info(blockId) != null;
  }

  /** Reads a block's sidecar. Blocking. */
  public BlockMeta readMeta(String blockId) throws IOException {
    return readMetaFile(metaFile(blockId));
  }

  private static BlockMeta readMetaFile(Path p) throws IOException {
    try {
      return BlockMeta.fromJson(new JsonObject(Files.readString(p, StandardCharsets.UTF_8)));
    } catch (io.vertx.core.json.DecodeException e) {
      throw new IllegalArgumentException("sidecar is not JSON");
    }
  }

  /**
   * Moves a fully written, synced (when {@link #syncs()}) and closed temp file into place with its
   * sidecar, and indexes it. With fsync on, the sidecar and the directories are synced here, so the
   * block is durable when this returns. The writer syncs the data itself, on the channel it wrote
   * with, which saves opening the file again. Blocking.
   *
   * <p>If the same block is already stored with the same length and CRC32C (a retried write), the
   * temp file is dropped and the stored block returned; with other content this fails with
   * {@link ErrorCode#CONFLICT} and the temp file is dropped too. On an I/O failure nothing of this
   * commit is left in {@code blocks/}; the temp data file is the caller's to discard.
   */
  public BlockInfo commit(String blockId, Path tempData, BlockMeta meta) throws IOException {
    String id = BlockIds.require(blockId);
    if (!tmpDir.equals(tempData.getParent()) || !tempData.getFileName().toString().endsWith(".blk")) {
      throw new IllegalArgumentException("not a temp file of this store: " + tempData);
    }
    String tempName = tempData.getFileName().toString();
    Path tempMeta = tmpDir.resolve(tempName.substring(0, tempName.length() - ".blk".length()) + ".meta");
    Path dir = shardDir(id);
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir);
      if (fsync) {
        // A new shard directory must itself survive a crash, or the blocks in it vanish with it.
        syncDirectory(blocksDir);
      }
    }
    writeSidecar(tempMeta, meta);
    synchronized (lockFor(id)) {
      BlockInfo existing = index.get(id);
      if (existing != null) {
        Files.deleteIfExists(tempMeta);
        Files.deleteIfExists(tempData);
        if (existing.length() == meta.length() && existing.crc32c() == meta.crc32c()) {
          return existing;
        }
        throw new DfsException(ErrorCode.CONFLICT, "block " + id + " is already stored with other content");
      }
      Path finalMeta = metaFile(id);
      Path finalData = blockFile(id);
      try {
        Files.move(tempMeta, finalMeta, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tempData, finalData, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        if (fsync) {
          syncDirectory(dir);
        }
      } catch (IOException | RuntimeException e) {
        deleteQuietly(finalData);
        deleteQuietly(finalMeta);
        deleteQuietly(tempMeta);
        throw e;
      }
      BlockInfo info = new BlockInfo(id, meta.length(), meta.crc32c());
      index.put(id, info);
      usedBytes.addAndGet(meta.length());
      return info;
    }
  }

  /** Whether commits are durable (the {@code fsync} setting): then writers sync their temp files' data. */
  public boolean syncs() {
    return fsync;
  }

  /**
   * The unit in which this store's blocks are written and read with O_DIRECT, or 0 if they go
   * through the page cache (turned off, or refused by the file system).
   */
  public int directAlignment() {
    return directAlignment;
  }

  /**
   * The unit in which a block of {@code length} bytes is written and read with O_DIRECT, or 0 if it
   * goes through the page cache (as do blocks under {@link BlockFileWriter#DIRECT_MIN_BYTES}).
   */
  public int directAlignment(long length) {
    return length >= BlockFileWriter.DIRECT_MIN_BYTES ? directAlignment : 0;
  }

  private void writeSidecar(Path file, BlockMeta meta) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer bytes = ByteBuffer.wrap(meta.toJson().encode().getBytes(StandardCharsets.UTF_8));
      while (bytes.hasRemaining()) {
        ch.write(bytes);
      }
      if (fsync) {
        ch.force(false);
      }
    }
  }

  private static void syncDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  private Object lockFor(String id) {
    return locks[Math.floorMod(id.hashCode(), LOCK_STRIPES)];
  }

  /** Removes a temp file of a failed write; never fails. Blocking. */
  public void discardTemp(Path tempData) {
    deleteQuietly(tempData);
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      LOG.warn("event=file_not_removed file={} reason=\"{}\"", p, e.getMessage());
    }
  }

  /**
   * Deletes blocks; ids it does not hold are skipped. Every id is checked before anything is
   * deleted, so one bad id deletes nothing. Blocking.
   *
   * @return the ids that were stored here and are now gone
   */
  public List<String> delete(Collection<String> blockIds) {
    List<String> ids = new ArrayList<>(blockIds.size());
    for (String raw : blockIds) {
      ids.add(BlockIds.require(raw));
    }
    List<String> deleted = new ArrayList<>();
    for (String id : ids) {
      synchronized (lockFor(id)) {
        BlockInfo info = index.remove(id);
        try {
          // Data first: without its .blk the block is gone, and a sidecar alone is cleared at open.
          Files.deleteIfExists(blockFile(id));
        } catch (IOException e) {
          if (info != null) {
            index.put(id, info);
          }
          throw new UncheckedIOException("cannot delete block " + id, e);
        }
        deleteQuietly(metaFile(id));
        if (info != null) {
          usedBytes.addAndGet(-info.length());
          deleted.add(id);
        }
      }
    }
    return deleted;
  }

  /**
   * Takes a replica that failed its checks out of service: its files move to
   * {@code quarantine/<uuid>.blk} and {@code .meta} (replacing an older pair), kept for an
   * operator to look at, and it leaves the index. Never fails; a file that cannot be moved is
   * deleted. Blocking.
   *
   * @return true if the block was in the index (so meta should hear it is gone)
   */
  public boolean quarantine(String blockId) {
    String id = BlockIds.require(blockId);
    synchronized (lockFor(id)) {
      try {
        Files.createDirectories(quarantineDir);
      } catch (IOException e) {
        LOG.warn("event=quarantine_unavailable dir={} reason=\"{}\"", quarantineDir, e.getMessage());
      }
      moveAside(blockFile(id), quarantineDir.resolve(id + ".blk"));
      moveAside(metaFile(id), quarantineDir.resolve(id + ".meta"));
      // Leaving the index last means a block no longer listed is already out of blocks/.
      BlockInfo info = index.remove(id);
      if (info != null) {
        usedBytes.addAndGet(-info.length());
      }
      LOG.warn("event=replica_quarantined blockId={} wasIndexed={}", id, info != null);
      return info != null;
    }
  }

  private static void moveAside(Path from, Path to) {
    try {
      if (Files.exists(from)) {
        Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      deleteQuietly(from);
    }
  }

  /** A snapshot of every stored block. */
  public List<BlockInfo> list() {
    return new ArrayList<>(index.values());
  }

  public int blockCount() {
    return index.size();
  }

  /** Bytes of block data stored (sidecars not counted). */
  public long usedBytes() {
    return usedBytes.get();
  }

  /** Space still usable on the file system the blocks live on. Blocking. */
  public long usableBytes() throws IOException {
    return Files.getFileStore(blocksDir).getUsableSpace();
  }
}
