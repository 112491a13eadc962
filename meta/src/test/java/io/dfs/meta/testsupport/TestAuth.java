package io.dfs.meta.testsupport;

import io.dfs.common.security.Roles;
import io.dfs.common.security.SigningKey;
import io.dfs.common.security.TokenSigner;
import io.dfs.common.security.TokenVerifier;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for the auth server: serves a JWKS with one generated key, and answers
 * {@code POST /v1/token {nodeId, secret}} for meta's service account with a {@code meta} token and
 * {@code {username, password}} for the users a test added.
 * Tests sign user and data node tokens with the same key.
 */
public final class TestAuth implements AutoCloseable {
  public static final String ISSUER = "dfs-auth";
  public static final String AUDIENCE = "dfs";

  private final Vertx vertx;
  private final SigningKey key = SigningKey.generate();
  private final TokenSigner signer;
  private final String account;
  private final String secret;
  private final AtomicInteger logins = new AtomicInteger();
  private final Map<String, User> users = new ConcurrentHashMap<>();
  private volatile MultiMap lastLoginHeaders;
  private HttpServer server;

  /** A person who can log in; a wrong password gets 429 with {@code retryAfter} if set, else 401. */
  private record User(String password, String retryAfter, String... roles) {}

  private TestAuth(Vertx vertx, String account, String secret) {
    this.vertx = vertx;
    this.account = account;
    this.secret = secret;
    this.signer = new TokenSigner(vertx, key, ISSUER, AUDIENCE, Duration.ofMinutes(15));
  }

  /** Starts on 127.0.0.1 and a free port; {@code account}/{@code secret} is meta's service login. */
  public static TestAuth start(Vertx vertx, String account, String secret) {
    TestAuth auth = new TestAuth(vertx, account, secret);
    Router router = Router.router(vertx);
    router.get("/.well-known/jwks.json").handler(ctx ->
        ctx.json(new JsonObject().put("keys", new JsonArray().add(auth.key.publicJwk()))));
    router.post("/v1/token").handler(BodyHandler.create(false).setBodyLimit(4096)).handler(ctx -> {
      JsonObject body = ctx.body().asJsonObject();
      auth.lastLoginHeaders = ctx.request().headers().copy();
      User user = body == null || !(body.getValue("username") instanceof String name) ? null : auth.users.get(name);
      if (body != null && auth.account.equals(body.getString("nodeId")) && auth.secret.equals(body.getString("secret"))) {
        auth.logins.incrementAndGet();
        ctx.json(new JsonObject().put("token", auth.token(auth.account, Roles.META)).put("expiresIn", 900));
      } else if (user != null && user.password().equals(body.getString("password"))) {
        ctx.json(new JsonObject().put("token", auth.token(body.getString("username"), user.roles())).put("expiresIn", 900));
      } else if (user != null && user.retryAfter() != null) {
        ctx.response().setStatusCode(429).putHeader("Retry-After", user.retryAfter())
            .putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("error", "rate_limited").put("message", "too many failed logins").encode());
      } else {
        ctx.response().setStatusCode(401).putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("error", "bad_credentials").put("message", "bad credentials").encode());
      }
    });
    auth.server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
    return auth;
  }

  public String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  public String token(String subject, String... roles) {
    return signer.sign(subject, Set.of(roles));
  }

  /** Lets {@code name} log in with {@code password}. */
  public void addUser(String name, String password, String... roles) {
    users.put(name, new User(password, null, roles));
  }

  /** A user whose every wrong password is answered as throttled, with {@code Retry-After: retryAfter}. */
  public void addThrottledUser(String name, String password, String retryAfter, String... roles) {
    users.put(name, new User(password, retryAfter, roles));
  }

  /** The headers of the latest {@code POST /v1/token}, or null before the first. */
  public MultiMap lastLoginHeaders() {
    return lastLoginHeaders;
  }

  /** How many times meta's service account logged in. */
  public int logins() {
    return logins.get();
  }

  /** A verifier over this server's key, for checking tokens meta sends to data nodes. */
  public Future<TokenVerifier> verifier() {
    return TokenVerifier.create(vertx, ISSUER, AUDIENCE, () -> Future.succeededFuture(List.of(key.publicJwk())));
  }

  @Override
  public void close() {
    if (server != null) {
      server.close().await();
    }
  }
}
