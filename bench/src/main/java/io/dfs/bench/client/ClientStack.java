package io.dfs.bench.client;

import io.dfs.cli.client.AuthClient;
import io.dfs.cli.client.BlockClient;
import io.dfs.cli.client.FileDownloader;
import io.dfs.cli.client.FileUploader;
import io.dfs.cli.client.MetaClient;
import io.dfs.common.config.ClientConfig;
import io.dfs.common.config.ConfigLoader;
import io.dfs.common.http.JsonHttpClient;
import io.dfs.common.log.SocketTransport;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The CLI's client code, assembled as a {@code dfs} command assembles it (its {@code ClientSession}
 * is private to the CLI's command package): one Vert.x with the same options, one HTTP client, a
 * logged-in {@link MetaClient} and {@link BlockClient}, and the uploader and downloader on them.
 *
 * <p>A run may outlast a token (15 minutes by default), so the stack logs in again every
 * {@link #RELOGIN_EVERY_MS} and hands out clients with the new token from then on; the old block
 * client is closed once the requests that may still use it are long over.
 */
public final class ClientStack implements AutoCloseable {
  static final long RELOGIN_EVERY_MS = 5 * 60_000;
  private static final long OLD_CLIENT_GRACE_MS = 3 * 60_000;

  private final Vertx vertx;
  private final JsonHttpClient http;
  private final ClientConfig config;
  private volatile MetaClient meta;
  private volatile BlockClient blocks;

  private ClientStack(Vertx vertx, JsonHttpClient http, ClientConfig config, String token) {
    this.vertx = vertx;
    this.http = http;
    this.config = config;
    this.meta = new MetaClient(vertx, http, config.metaUrl(), token);
    this.blocks = new BlockClient(vertx, config, token);
  }

  private void reloginPeriodically(AuthClient auth, String user, String password) {
    vertx.setPeriodic(RELOGIN_EVERY_MS, id -> auth.login(user, password).onSuccess(login -> {
      BlockClient old = blocks;
      meta = new MetaClient(vertx, http, config.metaUrl(), login.token());
      blocks = new BlockClient(vertx, config, login.token());
      vertx.setTimer(OLD_CLIENT_GRACE_MS, t -> old.close());
    }));
  }

  /** Loads the client config, logs the user in, and builds the clients; the login is not measured. */
  public static ClientStack open(Path configFile, String user, String password) {
    ClientConfig config = ConfigLoader.load(configFile, ClientConfig.class);
    Vertx vertx = Vertx.builder().with(SocketTransport.preferNative(new VertxOptions())
            .setFileSystemOptions(new FileSystemOptions().setClassPathResolvingEnabled(false)
                .setFileCachingEnabled(false))
            .setWorkerPoolSize(Math.max(VertxOptions.DEFAULT_WORKER_POOL_SIZE, 2 * config.parallelism() + 4)))
        .build();
    try {
      JsonHttpClient http = new JsonHttpClient(vertx, config.connectTimeout(), config.ioTimeout(), config.tls());
      AuthClient auth = new AuthClient(vertx, http, config.authUrl());
      ClientStack stack = new ClientStack(vertx, http, config, auth.login(user, password).await().token());
      stack.reloginPeriodically(auth, user, password);
      return stack;
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
