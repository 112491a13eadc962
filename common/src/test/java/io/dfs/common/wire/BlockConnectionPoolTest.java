package io.dfs.common.wire;

import static org.junit.jupiter.api.Assertions.*;

import io.dfs.common.error.ErrorCode;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pool against a real server on loopback that answers each request frame with an ACK (or, when
 * asked, with more than the answer, or a goodbye after it), counting the connections it accepts and
 * sees closed.
 */
class BlockConnectionPoolTest {
  private static final Duration PATIENCE = Duration.ofSeconds(5);
  /** Longer than any test, so no connection closes for being idle unless a test asks for it. */
  private static final long LONG_IDLE_MS = 60_000;

  private Vertx vertx;
  private NetServer server;
  private NetClient client;
  private final AtomicInteger accepted = new AtomicInteger();
  private final AtomicInteger closed = new AtomicInteger();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    server = vertx.createNetServer().connectHandler(socket -> {
      accepted.incrementAndGet();
      socket.closeHandler(v -> closed.incrementAndGet());
      FrameReader requests = FrameReader.over(socket);
      requests.handler(frame -> {
        String answer = FrameCodec.header(frame).getString("answer", "ack");
        Buffer ack = FrameCodec.json(BlockProtocol.TYPE_ACK, new JsonObject());
        switch (answer) {
          // Both in one write, so the client reads them together.
          case "twice" -> socket.write(ack.copy().appendBuffer(ack));
          case "ack-then-error" -> {
            socket.write(ack);
            vertx.setTimer(100, t -> socket.write(FrameCodec.error(ErrorCode.BAD_REQUEST, "no header in time")));
          }
          case "ack-then-close" -> {
            socket.write(ack);
            vertx.setTimer(100, t -> socket.close());
          }
          default -> socket.write(ack);
        }
      });
    });
    server.listen(0, "127.0.0.1").await();
    client = vertx.createNetClient();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void aConnectionIsKeptForTheNextRequestOnTheSameContext() {
    BlockConnectionPool pool = longIdlePool();
    Context context = vertx.getOrCreateContext();
    assertFalse(request(pool, context, "ack"));
    assertTrue(request(pool, context, "ack"));
    assertTrue(request(pool, context, "ack"));
    assertEquals(1, accepted.get());
    assertEquals(0, closed.get());
  }

  @Test
  void anotherContextOpensItsOwnConnection() {
    BlockConnectionPool pool = longIdlePool();
    Context first = vertx.getOrCreateContext();
    assertFalse(request(pool, first, "ack"));
    assertFalse(request(pool, contextOfAnotherThread(), "ack"));
    assertEquals(2, accepted.get());
  }

  @Test
  void aConnectionWithBytesBeyondTheAnswerIsClosed() {
    BlockConnectionPool pool = longIdlePool();
    Context context = vertx.getOrCreateContext();
    assertFalse(request(pool, context, "twice"));
    awaitUntil("the connection closed", () -> closed.get() == 1);
    assertFalse(request(pool, context, "ack"));
    assertEquals(1, idle(pool, context));
  }

  @Test
  void aFailedRequestClosesItsConnection() {
    BlockConnectionPool pool = longIdlePool();
    Context context = vertx.getOrCreateContext();
    on(context, () -> pool.acquire("127.0.0.1", server.actualPort()).compose(BlockConnectionPool.Lease::close));
    awaitUntil("the connection closed", () -> closed.get() == 1);
    assertFalse(request(pool, context, "ack"));
    assertEquals(2, accepted.get());
  }

  @Test
  void anIdleConnectionIsClosedWhenItExpires() {
    BlockConnectionPool pool = new BlockConnectionPool(vertx, client, 200, 8);
    Context context = vertx.getOrCreateContext();
    assertFalse(request(pool, context, "ack"));
    awaitUntil("the idle connection closed", () -> closed.get() == 1);
    assertFalse(request(pool, context, "ack"));
  }

  @Test
  void aConnectionPastItsIdleTimeIsNotTakenEvenBeforeItsTimerRan() {
    BlockConnectionPool pool = new BlockConnectionPool(vertx, client, 200, 8);
    Context context = vertx.getOrCreateContext();
    assertFalse(request(pool, context, "ack"));
    // The context's loop stands still past the idle time, so the expiry timer is still queued when
    // the next request comes.
    boolean reused = on(context, () -> {
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return send(pool, "ack");
    });
    assertFalse(reused);
    assertEquals(2, accepted.get());
  }

  @Test
  void anIdleConnectionTheServerSpeaksOnIsDropped() {
    BlockConnectionPool pool = longIdlePool();
    Context context = vertx.getOrCreateContext();
    assertFalse(request(pool, context, "ack-then-error"));
    // The server keeps the connection open; the pool closes it on hearing anything.
    awaitUntil("the connection closed", () -> closed.get() == 1);
    assertFalse(request(pool, context, "ack"));
  }

  @Test
  void anIdleConnectionTheServerClosesIsDropped() {
    BlockConnectionPool pool = longIdlePool();
    Context context = vertx.getOrCreateContext();
    assertFalse(request(pool, context, "ack-then-close"));
    awaitUntil("the connection closed", () -> closed.get() == 1);
    awaitUntil("the pool let it go", () -> idle(pool, context) == 0);
    assertFalse(request(pool, context, "ack"));
  }

  @Test
  void atMostMaxIdlePerNodeAreKept() {
    BlockConnectionPool pool = new BlockConnectionPool(vertx, client, LONG_IDLE_MS, 2);
    Context context = vertx.getOrCreateContext();
    // Three at once, so three connections; only two are kept afterwards.
    on(context, () -> Future.all(List.of(send(pool, "ack"), send(pool, "ack"), send(pool, "ack"))));
    assertEquals(3, accepted.get());
    awaitUntil("the third closed", () -> closed.get() == 1);
    assertEquals(2, idle(pool, context));
  }

  @Test
  void closingThePoolClosesIdleConnectionsAndThoseReleasedLater() {
    BlockConnectionPool pool = longIdlePool();
    Context context = vertx.getOrCreateContext();
    assertFalse(request(pool, context, "ack"));
    pool.close();
    awaitUntil("the idle connection closed", () -> closed.get() == 1);
    assertFalse(request(pool, context, "ack"));
    awaitUntil("the released connection closed", () -> closed.get() == 2);
  }

  @Test
  void aRequestThatLosesAKeptConnectionUnheardGoesOnceMoreOnANewOne() {
    BlockConnectionPool pool = longIdlePool();
    Context context = vertx.getOrCreateContext();
    assertFalse(request(pool, context, "ack"));
    List<Boolean> reused = new ArrayList<>();
    String answer = on(context, () -> pool.request("127.0.0.1", server.actualPort(), e -> e,
        lease -> lostUnheardOnce(lease, reused)));
    assertEquals("sent again", answer);
    assertEquals(List.of(true, false), reused, "the kept connection first, then a new one");
    awaitUntil("the new connection accepted", () -> accepted.get() == 2);
  }

  @Test
  void aRequestThatLosesANewConnectionIsNotSentAgain() {
    BlockConnectionPool pool = longIdlePool();
    Context context = vertx.getOrCreateContext();
    List<Boolean> reused = new ArrayList<>();
    Promise<String> outcome = Promise.promise();
    context.runOnContext(v -> pool.request("127.0.0.1", server.actualPort(), e -> e,
        lease -> lostUnheardOnce(lease, reused)).onComplete(outcome));
    assertThrows(IllegalStateException.class, () -> outcome.future().await());
    assertEquals(List.of(false), reused);
  }

  @Test
  void aConnectionThatCannotBeMadeFailsAsTheCallerSays() {
    BlockConnectionPool pool = longIdlePool();
    Promise<String> outcome = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> pool.request("127.0.0.1", 1,
        e -> new IllegalArgumentException("unreachable: " + e.getMessage()),
        lease -> lostUnheardOnce(lease, new ArrayList<>())).onComplete(outcome));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> outcome.future().await());
    assertTrue(e.getMessage().startsWith("unreachable: "), e.getMessage());
  }

  /** An attempt that loses its connection unheard the first time, and succeeds after that. */
  private static BlockConnectionPool.Attempt<String> lostUnheardOnce(BlockConnectionPool.Lease lease,
      List<Boolean> reused) {
    boolean first = reused.isEmpty();
    reused.add(lease.reused());
    return new BlockConnectionPool.Attempt<>() {
      @Override
      public Future<String> run() {
        lease.close();
        return first ? Future.failedFuture(new IllegalStateException("lost")) : Future.succeededFuture("sent again");
      }

      @Override
      public boolean lostUnheard() {
        return first;
      }
    };
  }

  @Test
  void takingAConnectionOffAContextIsRefused() {
    BlockConnectionPool pool = longIdlePool();
    assertThrows(IllegalStateException.class, () -> pool.acquire("127.0.0.1", server.actualPort()));
  }

  private BlockConnectionPool longIdlePool() {
    return new BlockConnectionPool(vertx, client, LONG_IDLE_MS, BlockConnectionPool.MAX_IDLE_PER_NODE);
  }

  /** One request on {@code context}; whether it went over a reused connection. */
  private boolean request(BlockConnectionPool pool, Context context, String answer) {
    return on(context, () -> send(pool, answer));
  }

  private Future<Boolean> send(BlockConnectionPool pool, String answer) {
    return pool.acquire("127.0.0.1", server.actualPort()).compose(lease -> {
      Promise<Boolean> acked = Promise.promise();
      FrameReader frames = FrameReader.over(lease.socket());
      frames.handler(frame -> {
        if (frame.is(BlockProtocol.TYPE_ACK) && acked.tryComplete(lease.reused())) {
          lease.release(frames);
        }
      });
      lease.socket().write(FrameCodec.json(BlockProtocol.TYPE_GET_BLOCK, new JsonObject().put("answer", answer)));
      return acked.future();
    });
  }

  private static int idle(BlockConnectionPool pool, Context context) {
    return on(context, () -> Future.succeededFuture(pool.idleCount(context)));
  }

  /** A thread that is not a Vert.x thread gets a context of its own. */
  private Context contextOfAnotherThread() {
    Context[] made = new Context[1];
    Thread t = new Thread(() -> made[0] = vertx.getOrCreateContext());
    t.start();
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return made[0];
  }

  private static <T> T on(Context context, Supplier<Future<T>> work) {
    Promise<T> result = Promise.promise();
    context.runOnContext(v -> work.get().onComplete(result));
    return result.future().await();
  }

  private static void awaitUntil(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("not within " + PATIENCE + ": " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted");
      }
    }
  }
}
