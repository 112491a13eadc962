package io.dfs.auth;

import io.dfs.auth.accounts.AccountStore;
import io.dfs.auth.accounts.Authenticator;
import io.dfs.auth.accounts.PasswordHasher;
import io.dfs.auth.http.AuthHttpVerticle;
import io.dfs.auth.keys.KeySet;
import io.dfs.auth.keys.SigningKeyStore;
import io.dfs.auth.keys.TokenSelfTest;
import io.dfs.common.config.AuthConfig;
import io.dfs.common.security.TokenSigner;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running auth server on a caller's {@link Vertx}: what {@code dfs-auth serve} runs, and what
 * in-process test clusters start. Start-up loads (or on first start generates) the signing key,
 * proves with {@link TokenSelfTest} that its tokens verify against its own JWKS, and only then
 * listens; any failure fails the returned future and leaves nothing deployed.
 */
public final class AuthServer {
  private static final Logger LOG = LoggerFactory.getLogger(AuthServer.class);

  private final Vertx vertx;
  private final String deploymentId;
  private final String host;
  private final int port;
  private final String kid;

  private AuthServer(Vertx vertx, String deploymentId, String host, int port, String kid) {
    this.vertx = vertx;
    this.deploymentId = deploymentId;
    this.host = host;
    this.port = port;
    this.kid = kid;
  }

  private record Prepared(Authenticator authenticator, KeySet keys) {}

  /**
   * Starts the server on {@code config.host()}:{@code config.port()} (0 picks a free port).
   * Completes once it listens and is ready to issue tokens.
   */
  public static Future<AuthServer> start(Vertx vertx, AuthConfig config) {
    Path dataDir = Path.of(config.dataDir());
    return vertx.executeBlocking(() -> {
      AccountStore accounts = AccountStore.open(dataDir);
      KeySet keys = SigningKeyStore.inDataDir(dataDir).loadOrCreate();
      LOG.info("event=signing_key kid={} state={} published={}", keys.active().kid(),
          keys.generated() ? "generated" : "loaded", keys.publicJwks().size());
      return new Prepared(new Authenticator(accounts, new PasswordHasher()), keys);
    }).compose(prepared -> {
      TokenSigner signer = new TokenSigner(vertx, prepared.keys().active(), config.issuer(), config.audience(),
          config.tokenTtl());
      AuthHttpVerticle http = new AuthHttpVerticle(config.host(), config.port(), prepared.authenticator(), signer,
          prepared.keys());
      return TokenSelfTest.run(vertx, signer, prepared.keys(), config.issuer(), config.audience())
          .compose(v -> vertx.deployVerticle(http))
          .map(id -> new AuthServer(vertx, id, config.host(), http.actualPort(), prepared.keys().active().kid()));
    });
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
    return "http://" + reachable + ":" + port;
  }

  /** The key id of the key that signs tokens. */
  public String activeKid() {
    return kid;
  }

  /** Stops listening and releases the server's workers; the Vert.x instance stays open. */
  public Future<Void> stop() {
    return vertx.undeploy(deploymentId);
  }
}
