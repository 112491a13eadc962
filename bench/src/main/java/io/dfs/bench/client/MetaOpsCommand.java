package io.dfs.bench.client;

import io.dfs.cli.client.BlockClient;
import io.dfs.cli.client.BlockPut;
import io.dfs.cli.client.BlockSource;
import io.dfs.cli.client.MetaClient;
import io.dfs.cli.client.StoredBlock;
import io.dfs.cli.client.UploadPlan;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.zip.CRC32C;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Meta's own throughput: create and commit of 1-byte files, then lookups. A commit needs its block
 * stored on the data nodes, so the phases run apart, all with {@code threads} clients: every
 * create (timed), every block stored (not timed: that is the data path), every commit (timed),
 * every lookup (timed). create+commit operations per second = files ÷ (create phase + commit
 * phase), so the figure is meta's work alone, with each commit synced before it is answered.
 */
@Command(name = "meta", description = "Create+commit and lookup throughput of meta with 1-byte files.")
final class MetaOpsCommand implements Callable<Integer> {
  private static final byte[] CONTENT = {'x'};
  private static final long CONTENT_CRC = crcOf(CONTENT);

  @Mixin
  ClientOptions client;

  @Option(names = "--files", required = true)
  int files;

  @Option(names = "--threads", required = true)
  int threads;

  @Option(names = "--prefix", required = true)
  String prefix;

  @Option(names = "--warmup", defaultValue = "0", description = "Files created, stored and committed first, not measured.")
  int warmup;

  @Override
  public Integer call() {
    try (ClientStack stack = client.open()) {
      MetaClient meta = stack.meta();
      BlockClient blocks = stack.blocks();
      UploadPlan[] warm = new UploadPlan[warmup];
      ConcurrentOps.run(warmup, threads, i -> {
        warm[i] = meta.create(prefix + "warmup/" + i, 1, null).await();
        store(blocks, warm[i]);
        meta.commit(warm[i].fileId(), List.of(storedBlock(warm[i]))).await();
      });

      UploadPlan[] plans = new UploadPlan[files];
      ConcurrentOps.Timing create = ConcurrentOps.run(files, threads, i ->
          plans[i] = meta.create(name(i), 1, null).await());
      ConcurrentOps.run(files, threads, i -> store(blocks, plans[i]));
      ConcurrentOps.Timing commit = ConcurrentOps.run(files, threads, i ->
          meta.commit(plans[i].fileId(), List.of(storedBlock(plans[i]))).await());
      ConcurrentOps.Timing lookup = ConcurrentOps.run(files, threads, i -> meta.lookup(name(i)).await());

      double createCommitSeconds = create.seconds() + commit.seconds();
      PhaseResult.print(new JsonObject().put("files", files).put("threads", threads)
          .put("createSeconds", create.seconds()).put("commitSeconds", commit.seconds())
          .put("createCommitOpsPerSecond", files / createCommitSeconds)
          .put("createP99Ms", create.latencies().percentileMs(99))
          .put("commitP99Ms", commit.latencies().percentileMs(99))
          .put("lookupOpsPerSecond", lookup.opsPerSecond())
          .put("lookupP50Ms", lookup.latencies().percentileMs(50))
          .put("lookupP99Ms", lookup.latencies().percentileMs(99)));
    }
    return 0;
  }

  private String name(int i) {
    return prefix + String.format("%06d", i);
  }

  private static long crcOf(byte[] bytes) {
    CRC32C crc = new CRC32C();
    crc.update(bytes);
    return crc.getValue();
  }

  private static StoredBlock storedBlock(UploadPlan plan) {
    UploadPlan.PlannedBlock b = plan.blocks().get(0);
    return new StoredBlock(b.blockId(), b.length(), CONTENT_CRC);
  }

  /** Stores the file's one block down its replication pipe, as the uploader would. */
  private static void store(BlockClient blocks, UploadPlan plan) {
    UploadPlan.PlannedBlock b = plan.blocks().get(0);
    BlockSource source = new BlockSource() {
      @Override
      public long length() {
        return CONTENT.length;
      }

      @Override
      public Future<Buffer> read(long offset, int length) {
        return Future.succeededFuture(Buffer.buffer(CONTENT).getBuffer((int) offset, (int) offset + length));
      }
    };
    blocks.putBlock(b.primary(), new BlockPut(b.blockId(), b.length(), CONTENT_CRC, b.blockToken(), b.pipeline()),
        source).await();
  }
}
