package io.dfs.cli.command;

import io.dfs.cli.client.AuthClient;
import io.dfs.cli.client.BlockClient;
import io.dfs.cli.client.FileDownloader;
import io.dfs.cli.client.FileUploader;
import io.dfs.cli.client.MetaClient;
import io.dfs.cli.client.TokenCache;
import io.dfs.cli.output.Progress;
import io.dfs.common.config.ClientConfig;
import io.dfs.common.http.JsonHttpClient;
import io.dfs.common.log.SocketTransport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Everything one command run needs: the config, the token, one Vert.x instance and the clients on
 * it. Vert.x is created only when a command first needs the network and closed by {@link #close()},
 * so a command that fails early (no token, bad arguments) starts no threads.
 */
final class ClientSession implements AutoCloseable {
  private static final long CLOSE_TIMEOUT_SECONDS = 10;

  private final CliContext ctx;
  private final CommonOptions options;
  private final ClientConfig config;
  private Vertx vertx;
  private JsonHttpClient http;
  private BlockClient blocks;
  private MetaClient meta;
  private String token;

  private ClientSession(CliContext ctx, CommonOptions options, ClientConfig config) {
    this.ctx = ctx;
    this.options = options;
    this.config = config;
  }

  static ClientSession open(CliContext ctx, CommonOptions options) {
    return new ClientSession(ctx, options, ConfigLocator.load(options.config, ctx.env()));
  }

  ClientConfig config() {
    return config;
  }

  boolean quiet() {
    return options.quiet;
  }

  TokenCache tokens() {
    return new TokenCache(TokenCache.defaultHome(ctx.env()), ctx.clock());
  }

  /** The cached token, or UNAUTHORIZED telling the user to log in. */
  String token() {
    if (token == null) {
      token = tokens().require(config.authUrl()).token();
    }
    return token;
  }

  AuthClient auth() {
    return new AuthClient(vertx(), http(), config.authUrl());
  }

  MetaClient meta() {
    if (meta == null) {
      meta = new MetaClient(vertx(), http(), config.metaUrl(), token());
    }
    return meta;
  }

  FileUploader uploader() {
    return new FileUploader(vertx(), meta(), blocks(), config.parallelism());
  }

  FileDownloader downloader() {
    return new FileDownloader(vertx(), meta(), blocks(), config.parallelism());
  }

  /** A progress bar on a terminal unless {@code --quiet}; otherwise nothing. */
  Progress progress() {
    return Progress.on(ctx.err(), ctx.terminal(), options.quiet);
  }

  /** Waits on the calling (non-Vert.x) thread; a failure is thrown as it is. */
  <T> T await(Future<T> future) {
    return future.await();
  }

  private BlockClient blocks() {
    if (blocks == null) {
      blocks = new BlockClient(vertx(), config, token());
    }
    return blocks;
  }

  private JsonHttpClient http() {
    if (http == null) {
      http = new JsonHttpClient(vertx(), config.connectTimeout(), config.ioTimeout(), config.tls());
    }
    return http;
  }

  private Vertx vertx() {
    if (vertx == null) {
      vertx = Vertx.builder().with(SocketTransport.preferNative(new VertxOptions())
              // Local paths are the user's files: never resolve them from the classpath or cache them.
              .setFileSystemOptions(new FileSystemOptions().setClassPathResolvingEnabled(false)
                  .setFileCachingEnabled(false))
              // Checksum passes and file I/O of every block in flight run on the worker pool.
              .setWorkerPoolSize(Math.max(VertxOptions.DEFAULT_WORKER_POOL_SIZE, 2 * config.parallelism() + 4)))
          .build();
    }
    return vertx;
  }

  @Override
  public void close() {
    if (vertx != null) {
      try {
        vertx.close().await(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      } catch (TimeoutException | RuntimeException e) {
        // The command's outcome is already decided; a slow shutdown must not change it.
      }
      vertx = null;
    }
  }
}
