package io.dfs.bench.client;

import io.dfs.cli.client.AuthClient;
import io.dfs.cli.client.BlockClient;
import io.dfs.cli.client.FileDownloader;
import io.dfs.cli.client.FileUploader;
import io.dfs.cli.client.MetaClient;
import io.dfs.common.config.ClientConfig;
import io.dfs.common.config.ConfigLoader;
import io.dfs.common.http.JsonHttpClient;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The CLI's client code, assembled as a {@code dfs} command assembles it (its {@code ClientSession}
 * is private to the CLI's command package): one Vert.x with the same options, one HTTP client, a
 * logged-in {@link MetaClient} and {@link BlockClient}, and the uploader and downloader on them.
 */
public final class ClientStack implements AutoCloseable {
  private final Vertx vertx;
  private final JsonHttpClient http;
  private final ClientConfig config;
  private final MetaClient meta;
  private final BlockClient blocks;

  private ClientStack(Vertx vertx, JsonHttpClient http, ClientConfig config, String token) {
    this.vertx = vertx;
    this.http = http;
    this.config = config;
    this.meta = new MetaClient(vertx, http, config.metaUrl(), token);
    this.blocks = new BlockClient(vertx, config, token);
  }

  /** Loads the client config, logs the user in, and builds the clients; the login is not measured. */
  public static ClientStack open(Path configFile, String user, String password) {
    ClientConfig config = ConfigLoader.load(configFile, ClientConfig.class);
    Vertx vertx = Vertx.builder().with(new VertxOptions()
            .setFileSystemOptions(new FileSystemOptions().setClassPathResolvingEnabled(false)
                .setFileCachingEnabled(false))
            .setWorkerPoolSize(Math.max(VertxOptions.DEFAULT_WORKER_POOL_SIZE, 2 * config.parallelism() + 4)))
        .build();
    try {
      JsonHttpClient http = new JsonHttpClient(vertx, config.connectTimeout(), config.ioTimeout(), config.tls());
      String token = new AuthClient(vertx, http, config.authUrl()).login(user, password).await().token();
      return new ClientStack(vertx, http, config, token);
    } catch (RuntimeException e) {
      vertx.close();
      throw e;
    }
  }

  public MetaClient meta() {
    return meta;
  }

  public BlockClient blocks() {
    return blocks;
  }

  public FileUploader uploader() {
    return new FileUploader(vertx, meta, blocks, config.parallelism());
  }

  public FileDownloader downloader() {
    return new FileDownloader(vertx, meta, blocks, config.parallelism());
  }

  @Override
  public void close() {
    try {
      http.close().await(10, TimeUnit.SECONDS);
      vertx.close().await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      // The measurement is taken; a slow shutdown changes nothing.
    }
  }
}
