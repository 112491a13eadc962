package io.dfs.it;

import io.dfs.cli.client.AuthClient;
import io.dfs.cli.client.BlockClient;
import io.dfs.cli.client.FileDownloader;
import io.dfs.cli.client.FileInfo;
import io.dfs.cli.client.FileSummary;
import io.dfs.cli.client.FileUploader;
import io.dfs.cli.client.MetaClient;
import io.dfs.cli.client.TransferListener;
import io.dfs.cli.client.UploadPlan;
import io.dfs.common.config.ClientConfig;
import io.dfs.common.http.JsonHttpClient;
import io.vertx.core.Vertx;
import io.dfs.cli.client.BlockChecksum;
import io.dfs.cli.client.BlockPut;
import io.dfs.cli.client.BlockSource;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.time.Duration;
import java.util.List;

/** The CLI's client library, logged in as one user, for in-process tests against a {@link MiniCluster}. */
final class LibraryClient implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx();
  final String token;
  final MetaClient meta;
  private final BlockClient blocks;
  private final FileUploader uploader;
  private final FileDownloader downloader;

  LibraryClient(MiniCluster cluster, String user, String password) {
    this(cluster.authUrl(), cluster.metaUrl(), user, password);
  }

  LibraryClient(String authUrl, String metaUrl, String user, String password) {
    JsonHttpClient http = new JsonHttpClient(vertx);
    this.token = new AuthClient(vertx, http, authUrl).login(user, password).await().token();
    ClientConfig config = new ClientConfig(authUrl, metaUrl, 8, Duration.ofSeconds(2), Duration.ofSeconds(10), null);
    this.meta = new MetaClient(vertx, http, metaUrl, token);
    this.blocks = new BlockClient(vertx, config, token);
    this.uploader = new FileUploader(vertx, meta, blocks, 8);
    this.downloader = new FileDownloader(vertx, meta, blocks, 8);
  }

  String put(Path local, String name) {
    return uploader.put(local, name, TransferListener.NONE).await().id();
  }

  FileInfo get(String ref, Path target) {
    return downloader.get(ref, target, TransferListener.NONE).await();
  }

  /** Reads the file as {@code file} describes it, however old that answer is. */
  void download(FileInfo file, Path target) {
    downloader.download(file, target, TransferListener.NONE).await();
  }

  FileInfo stat(String ref) {
    return meta.lookup(ref).await();
  }

  List<FileSummary> list() {
    return meta.list().await();
  }

  void delete(String ref) {
    meta.delete(ref).await();
  }

  /** Creates a pending file and never commits it. */
  UploadPlan createOnly(String name, long size) {
    return meta.create(name, size, null).await();
  }

  /** Plans a file and stores every block on its pipeline, but never commits it. */
  UploadPlan storeWithoutCommit(Path local, String name) throws IOException {
    UploadPlan plan = meta.create(name, Files.size(local), null).await();
    storeBlocks(plan, local);
    return plan;
  }

  /** Stores every block of {@code plan}, read from {@code local}, on its pipeline. */
  void storeBlocks(UploadPlan plan, Path local) throws IOException {
    byte[] bytes = Files.readAllBytes(local);
    for (UploadPlan.PlannedBlock b : plan.blocks()) {
      BlockPut put = new BlockPut(b.blockId(), b.length(), BlockChecksum.of(local, b.offset(), b.length()),
          b.blockToken(), b.pipeline());
      blocks.putBlock(b.primary(), put, new BlockSource() {
        @Override
        public long length() {
          return b.length();
        }

        @Override
        public Future<Buffer> read(long offset, int length) {
          int from = (int) (b.offset() + offset);
          return Future.succeededFuture(Buffer.buffer(Arrays.copyOfRange(bytes, from, from + length)));
        }
      }).await();
    }
  }

  /** The commit body for {@code plan}'s blocks as stored from {@code local}. */
  static JsonObject commitBody(UploadPlan plan, Path local) {
    JsonArray blocks = new JsonArray();
    for (UploadPlan.PlannedBlock b : plan.blocks()) {
      blocks.add(new JsonObject().put("blockId", b.blockId()).put("length", b.length())
          .put("crc32c", BlockChecksum.of(local, b.offset(), b.length())));
    }
    return new JsonObject().put("blocks", blocks);
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
