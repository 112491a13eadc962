package io.dfs.common.wire;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Keeps block-protocol connections open between requests (the protocol carries several requests
 * one after another on a connection), so a block after the first costs no TCP and, above all, no
 * TLS handshake: with TLS on, handshakes were most of a data node's CPU under many small blocks.
 *
 * <p>A connection is handed out again only on the Vert.x context that opened it, since that is where
 * it delivers its events; callers must run on a context. A connection goes back to the pool only
 * after a request ended in success with nothing unread ({@link Lease#release}); any failure closes
 * it, so a request never starts on a connection in an unknown state. An idle connection is closed
 * after {@code idleMs}, which must stay below the server's header timeout, or at once if the server
 * sends anything or hangs up. At most {@code maxIdlePerNode} are kept per node and context.
 */
public final class BlockConnectionPool {
  /** How long a connection is kept without a request: half a data node's default header timeout. */
  public static final long IDLE_MS = 10_000;
  /** Idle connections kept per node and context: enough for a transfer's parallel blocks. */
  public static final int MAX_IDLE_PER_NODE = 8;

  private final Vertx vertx;
  private final NetClient client;
  private final long idleMs;
  private final int maxIdlePerNode;
  /** Per context, then per "host:port"; each inner map is touched only on its context's thread. */
  private final Map<Context, Map<String, ArrayDeque<Idle>>> idle = new ConcurrentHashMap<>();
  private volatile boolean closed;

  public BlockConnectionPool(Vertx vertx, NetClient client) {
    this(vertx, client, IDLE_MS, MAX_IDLE_PER_NODE);
  }

  public BlockConnectionPool(Vertx vertx, NetClient client, long idleMs, int maxIdlePerNode) {
    if (idleMs <= 0 || maxIdlePerNode < 0) {
      throw new IllegalArgumentException("need idleMs > 0 and maxIdlePerNode >= 0");
    }
    this.vertx = vertx;
    this.client = client;
    this.idleMs = idleMs;
    this.maxIdlePerNode = maxIdlePerNode;
  }

  /**
   * A connection to {@code host:port}: an idle one this context opened, or a new one. Must be called
   * on a Vert.x context. Fails as {@link NetClient#connect} does.
   */
  public Future<Lease> acquire(String host, int port) {
    Context context = current();
    String key = key(host, port);
    Map<String, ArrayDeque<Idle>> byNode = idle.get(context);
    ArrayDeque<Idle> waiting = byNode == null ? null : byNode.get(key);
    while (waiting != null && !waiting.isEmpty()) {
      // The longest idle first, so that every kept connection is used while requests come, and
      // the pool holds what the busiest moment needed instead of opening it again and again.
      Idle candidate = waiting.pollFirst();
      tidy(context, key);
      if (candidate.take()) {
        return Future.succeededFuture(new Lease(context, key, candidate.socket, true));
      }
    }
    return open(context, host, port, key);
  }

  /** One try of a request on a connection; says afterwards whether it lost the connection unheard. */
  public interface Attempt<T> {
    /** Sends the request and reads its answer; ends the lease either way. */
    Future<T> run();

    /** The connection was lost before the node said anything. */
    boolean lostUnheard();
  }

  /**
   * Runs a request on a kept connection, or a new one. A kept connection the node closed while it
   * waited (a restart, its header timeout) fails before the node says anything; the request then
   * goes once more on a new connection, so only requests that may be sent twice belong here.
   * {@code unreachable} turns a failure to connect into the caller's error. Must be called on a
   * Vert.x context.
   */
  public <T> Future<T> request(String host, int port, Function<Throwable, Throwable> unreachable,
      Function<Lease, Attempt<T>> attempt) {
    return leased(acquire(host, port), unreachable).compose(lease -> {
      Attempt<T> first = attempt.apply(lease);
      return first.run().recover(e -> lease.reused() && first.lostUnheard()
          ? leased(open(host, port), unreachable).compose(fresh -> attempt.apply(fresh).run())
          : Future.failedFuture(e));
    });
  }

  private static Future<Lease> leased(Future<Lease> connecting, Function<Throwable, Throwable> unreachable) {
    return connecting.recover(e -> Future.failedFuture(unreachable.apply(e)));
  }

  /**
   * A new connection to {@code host:port}, whatever is idle: for a request that a kept connection
   * failed. Must be called on a Vert.x context.
   */
  public Future<Lease> open(String host, int port) {
    return open(current(), host, port, key(host, port));
  }

  private Future<Lease> open(Context context, String host, int port, String key) {
    return client.connect(port, host).map(socket -> new Lease(context, key, socket, false));
  }

  private static String key(String host, int port) {
    return host + ":" + port;
  }

  private static Context current() {
    Context context = Vertx.currentContext();
    if (context == null) {
      throw new IllegalStateException("block connections are taken on a Vert.x context");
    }
    return context;
  }

  /** Closes every idle connection; connections in use close when their requests end. */
  public void close() {
    closed = true;
    idle.forEach((context, byNode) -> context.runOnContext(v -> {
      List<Idle> all = new ArrayList<>();
      byNode.values().forEach(all::addAll);
      all.forEach(Idle::drop);
    }));
  }

  /** Idle connections kept for {@code context}; for tests. */
  int idleCount(Context context) {
    Map<String, ArrayDeque<Idle>> byNode = idle.get(context);
    return byNode == null ? 0 : byNode.values().stream().mapToInt(ArrayDeque::size).sum();
  }

  private void park(Lease lease) {
    Map<String, ArrayDeque<Idle>> byNode = idle.computeIfAbsent(lease.context, c -> new HashMap<>());
    ArrayDeque<Idle> waiting = byNode.computeIfAbsent(lease.key, k -> new ArrayDeque<>());
    Idle parked = new Idle(lease, waiting);
    waiting.addLast(parked);
    if (waiting.size() > maxIdlePerNode) {
      waiting.peekFirst().drop();
    }
  }

  /** Forgets the queue of {@code key} once empty, and the context once it keeps nothing. */
  private void tidy(Context context, String key) {
    Map<String, ArrayDeque<Idle>> byNode = idle.get(context);
    if (byNode == null) {
      return;
    }
    ArrayDeque<Idle> waiting = byNode.get(key);
    if (waiting != null && waiting.isEmpty()) {
      byNode.remove(key);
    }
    if (byNode.isEmpty()) {
      idle.remove(context, byNode);
    }
  }

  /** One idle connection: dropped when it expires, the server speaks or hangs up, or the pool is full. */
  private final class Idle {
    private final Lease lease;
    private final NetSocket socket;
    private final ArrayDeque<Idle> queue;
    private final long timer;
    private final long parkedNanos = System.nanoTime();
    private boolean gone;

    Idle(Lease lease, ArrayDeque<Idle> queue) {
      this.lease = lease;
      this.socket = lease.socket;
      this.queue = queue;
      // Between requests the server has nothing to say; anything it sends is its goodbye (an ERROR
      // for a missed header deadline, say), and the connection is no longer fit for a request.
      socket.handler(bytes -> drop());
      socket.exceptionHandler(e -> drop());
      socket.endHandler(v -> drop());
      socket.closeHandler(v -> drop());
      socket.drainHandler(null);
      socket.resume();
      this.timer = vertx.setTimer(idleMs, t -> drop());
    }

    /** Takes the connection for a request; false if it has gone meanwhile. */
    boolean take() {
      if (gone) {
        return false;
      }
      // Past its time but not yet dropped: this process stood still (SIGSTOP, a long GC pause) and
      // its timer is still queued. The node may well have given up on it and said so, unread yet.
      if (System.nanoTime() - parkedNanos >= idleMs * 1_000_000) {
        drop();
        return false;
      }
      gone = true;
      vertx.cancelTimer(timer);
      socket.handler(null);
      socket.exceptionHandler(null);
      socket.endHandler(null);
      socket.closeHandler(null);
      return true;
    }

    void drop() {
      if (gone) {
        return;
      }
      gone = true;
      vertx.cancelTimer(timer);
      queue.remove(this);
      tidy(lease.context, lease.key);
      socket.close();
    }
  }

  /**
   * A connection lent for one request. End it with {@link #release} after a request that succeeded
   * and left nothing unread, or {@link #close} after anything else; the first call wins.
   */
  public final class Lease {
    private final Context context;
    private final String key;
    private final NetSocket socket;
    private final boolean reused;
    private boolean ended;

    private Lease(Context context, String key, NetSocket socket, boolean reused) {
      this.context = context;
      this.key = key;
      this.socket = socket;
      this.reused = reused;
    }

    public NetSocket socket() {
      return socket;
    }

    /** Whether an earlier request used this connection. */
    public boolean reused() {
      return reused;
    }

    /**
     * The request succeeded: keeps the connection for the next one if {@code frames}, the request's
     * reader, holds no byte beyond the answer; closes it otherwise. Call on the connection's context.
     */
    public void release(FrameReader frames) {
      if (ended) {
        return;
      }
      ended = true;
      if (closed || !frames.atRest() || Vertx.currentContext() != context) {
        socket.close();
      } else {
        park(this);
      }
    }

    /** The request failed or was abandoned: closes the connection. */
    public Future<Void> close() {
      if (ended) {
        return Future.succeededFuture();
      }
      ended = true;
      return socket.close();
    }
  }
}
