package io.dfs.auth;

import io.dfs.auth.accounts.AccountLocks;
import io.dfs.auth.accounts.AccountStore;
import io.dfs.auth.accounts.Authenticator;
import io.dfs.auth.accounts.PasswordHasher;
import io.dfs.auth.http.AuthHttpVerticle;
import io.dfs.auth.keys.SigningKeys;
import io.dfs.auth.keys.TokenSelfTest;
import io.dfs.auth.login.LoginDecider;
import io.dfs.auth.login.LoginLimits;
import io.dfs.auth.login.LoginThrottle;
import io.dfs.common.config.AuthConfig;
import io.dfs.common.metrics.ServerMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;

/**
 * A running auth server on a caller's {@link Vertx}: what {@code dfs-auth serve} runs, and what
 * in-process test clusters start. Start-up loads (or on first start generates) the signing key,
 * proves with {@link TokenSelfTest} that its tokens verify against its own JWKS, and only then
 * listens; any failure fails the returned future and leaves nothing deployed.
 */
public final class AuthServer {
  private final Vertx vertx;
  private final String deploymentId;
  private final String host;
  private final int port;
  private final SigningKeys keys;
  private final String scheme;

  private AuthServer(Vertx vertx, String deploymentId, String host, int port, SigningKeys keys, String scheme) {
    this.scheme = scheme;
    this.vertx = vertx;
    this.deploymentId = deploymentId;
    this.host = host;
    this.port = port;
    this.keys = keys;
  }

  /**
   * Starts the server on {@code config.host()}:{@code config.port()} (0 picks a free port).
   * Completes once it listens and is ready to issue tokens.
   */
  public static Future<AuthServer> start(Vertx vertx, AuthConfig config) {
    return start(vertx, config, Clock.systemUTC());
  }

  /**
   * As {@link #start(Vertx, AuthConfig)}, with the clock that login backoffs and key retirement go
   * by (token lifetimes go by the system clock).
   */
  public static Future<AuthServer> start(Vertx vertx, AuthConfig config, Clock clock) {
    return start(vertx, config, clock, ServerMetrics.create("auth"));
  }

  /**
   * As {@link #start(Vertx, AuthConfig, Clock)}, serving {@code metrics} on {@code /metrics}: the
   * registry {@code vertx} was built to report into ({@link ServerMetrics#newVertx()}).
   */
  public static Future<AuthServer> start(Vertx vertx, AuthConfig config, Clock clock, ServerMetrics metrics) {
    Path dataDir = Path.of(config.dataDir());
    return vertx.executeBlocking(() -> {
      AccountStore accounts = AccountStore.open(dataDir);
      return new LoginDecider(new Authenticator(accounts, new PasswordHasher()), accounts,
          AccountLocks.inDataDir(dataDir), clock);
    }).compose(decider -> SigningKeys.load(vertx, dataDir, config, clock).compose(keys -> {
      AuthHttpVerticle http = new AuthHttpVerticle(config.host(), config.port(),
          new LoginThrottle(LoginLimits.of(config), clock), decider, keys, config.tls(), metrics,
          config.metricsTokenMaxTtl());
      return vertx.deployVerticle(http).map(id -> new AuthServer(vertx, id, config.host(), http.actualPort(), keys,
          config.tls() == null ? "http" : "https"));
    }));
  }

  /** The port the server listens on. */
  public int port() {
    return port;
  }

  /** Where clients reach it: {@code http://host:port} (loopback if it listens on every address). */
  public String url() {
    String reachable = switch (host) {
      case "0.0.0.0", "::", "[::]" -> "127.0.0.1";
      default -> host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    };
    return scheme + "://" + reachable + ":" + port;
  }

  /** The key id of the key that signs tokens now. */
  public String activeKid() {
    return keys.activeKid();
  }

  /** Stops listening and releases the server's workers; the Vert.x instance stays open. */
  public Future<Void> stop() {
    return vertx.undeploy(deploymentId);
  }
}
