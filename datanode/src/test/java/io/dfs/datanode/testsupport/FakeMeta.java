package io.dfs.datanode.testsupport;

import io.dfs.common.heartbeat.Heartbeat;
import io.dfs.common.heartbeat.HeartbeatCodec;
import io.vertx.core.Vertx;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Meta's discovery side as a data node sees it: a real HTTP server for JOIN and block reports and a
 * real UDP socket for heartbeats, recording everything and answering as a test tells it to.
 * JOINs are refused with 503 until {@link #admit()}; each JOIN hands out a new heartbeat key.
 */
public final class FakeMeta implements AutoCloseable {
  public static final long HEARTBEAT_INTERVAL_MS = 100;

  /** A heartbeat datagram; {@code heartbeat} is null if it failed the HMAC with the current key. */
  public record Beat(Heartbeat heartbeat, SocketAddress sender) {}

  /** A JOIN or block report request: its body and bearer token. */
  public record Call(JsonObject body, String token) {}

  private final HttpServer http;
  private final DatagramSocket udp;
  private final AtomicBoolean admitting = new AtomicBoolean();
  private final AtomicInteger joinAttempts = new AtomicInteger();
  private final AtomicInteger conflictReports = new AtomicInteger();
  private final AtomicReference<byte[]> key = new AtomicReference<>(new byte[32]);
  private final AtomicReference<JsonArray> joinDelete = new AtomicReference<>(new JsonArray());
  private final AtomicReference<JsonArray> reportDelete = new AtomicReference<>(new JsonArray());
  private final List<Call> joins = new ArrayList<>();
  private final List<Call> reports = new ArrayList<>();
  private final List<Beat> beats = new ArrayList<>();

  /** @param auth whose block-token secret this meta hands to data nodes */
  public FakeMeta(Vertx vertx, TestAuth auth) {
    udp = vertx.createDatagramSocket();
    udp.handler(packet -> {
      if (HeartbeatCodec.typeOf(packet.data()) == HeartbeatCodec.TYPE_HEARTBEAT) {
        synchronized (this) {
          beats.add(new Beat(HeartbeatCodec.verify(packet.data(), key.get()), packet.sender()));
        }
      }
    });
    udp.listen(0, "127.0.0.1").await();
    Router router = Router.router(vertx);
    auth.serveBlockKeys(router);
    router.route().handler(BodyHandler.create(false));
    router.post("/v1/nodes/join").handler(this::join);
    router.post("/v1/nodes/:nodeId/blocks").handler(this::report);
    http = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
  }

  private void join(RoutingContext ctx) {
    joinAttempts.incrementAndGet();
    if (!admitting.get()) {
      ctx.response().setStatusCode(503).putHeader("Content-Type", "application/json")
          .end(new JsonObject().put("error", "unavailable").put("message", "starting").encode());
      return;
    }
    byte[] fresh = new byte[32];
    new SecureRandom().nextBytes(fresh);
    synchronized (this) {
      key.set(fresh);
      joins.add(new Call(ctx.body().asJsonObject(), bearer(ctx)));
    }
    ctx.json(new JsonObject().put("heartbeatIntervalMs", HEARTBEAT_INTERVAL_MS)
        .put("heartbeatPort", udp.localAddress().port())
        .put("heartbeatKey", Base64.getEncoder().encodeToString(fresh))
        .put("delete", joinDelete.getAndSet(new JsonArray())));
  }

  private void report(RoutingContext ctx) {
    synchronized (this) {
      reports.add(new Call(ctx.body().asJsonObject(), bearer(ctx)));
    }
    if (conflictReports.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      ctx.response().setStatusCode(409).putHeader("Content-Type", "application/json")
          .end(new JsonObject().put("error", "conflict").put("message", "node has not joined; join again").encode());
      return;
    }
    ctx.json(new JsonObject().put("delete", reportDelete.getAndSet(new JsonArray())));
  }

  private static String bearer(RoutingContext ctx) {
    String h = ctx.request().getHeader("Authorization");
    return h == null ? null : h.substring("Bearer ".length());
  }

  /** The discovery URL a data node is configured with. */
  public String url() {
    return "http://127.0.0.1:" + http.actualPort();
  }

  /** From now on JOINs succeed. */
  public void admit() {
    admitting.set(true);
  }

  /** The next JOIN answer lists these blocks to delete. */
  public void deleteOnJoin(String... blockIds) {
    joinDelete.set(new JsonArray(List.of((Object[]) blockIds)));
  }

  /** The next block report answer lists these blocks to delete. */
  public void deleteOnReport(String... blockIds) {
    reportDelete.set(new JsonArray(List.of((Object[]) blockIds)));
  }

  /** The next block report is answered 409, as meta does for a node it does not count as joined. */
  public void refuseNextReport() {
    conflictReports.set(1);
  }

  /** Sends REJOIN for {@code nodeId} to where its last heartbeat came from. */
  public void sendRejoin(String nodeId) {
    SocketAddress to = beats().get(beats().size() - 1).sender();
    udp.send(HeartbeatCodec.rejoin(nodeId), to.port(), to.host()).await();
  }

  public int joinAttempts() {
    return joinAttempts.get();
  }

  public synchronized List<Call> joins() {
    return new ArrayList<>(joins);
  }

  public synchronized List<Call> reports() {
    return new ArrayList<>(reports);
  }

  public synchronized List<Beat> beats() {
    return new ArrayList<>(beats);
  }

  /** Heartbeats that verified with the key of the latest JOIN. */
  public synchronized List<Heartbeat> verifiedBeats() {
    return beats.stream().filter(b -> b.heartbeat() != null).map(Beat::heartbeat).toList();
  }

  @Override
  public void close() {
    http.close().await();
    udp.close().await();
  }
}
