package io.dfs.it;

import io.vertx.core.Future;
import io.dfs.common.metrics.ServerMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.impl.VertxThread;
import io.vertx.core.internal.VertxBootstrap;
import io.vertx.core.spi.VertxThreadFactory;
import io.vertx.core.transport.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * One server of a {@link MiniCluster} on a Vert.x instance of its own, so it can be killed, paused
 * and started again without touching the others. Each run after the first is handed the previous
 * one, whose ports and data directory it takes over. Every thread of the instance is named
 * {@code <name>/...}, so log lines say which server wrote them.
 *
 * @param <S> the server type ({@code AuthServer}, {@code MetaServer}, {@code DatanodeServer})
 */
public final class InProcessServer<S> {
  /** What the server is doing, as a test sees it. */
  public enum State { UP, PAUSED, DOWN }

  /**
   * Starts one run of the server on {@code vertx}, which reports into {@code metrics}; {@code previous}
   * is the run it replaces, or null.
   */
  interface Starter<S> {
    Future<S> start(Vertx vertx, ServerMetrics metrics, S previous);
  }

  private static final long CLOSE_PATIENCE_SECONDS = 30;
  private final String name;
  private final Starter<S> starter;
  private final Function<S, String> readyUrl;
  private Vertx vertx;
  /** Every thread the current run's Vert.x made, so a kill can wait until none runs on. */
  private List<Thread> threads;
  private S running;
  private S last;
  private EventLoopFreeze freeze;

  /** {@code readyUrl} gives a run's {@code /ready} URL, which answers 200 once the run can serve. */
  InProcessServer(String name, Starter<S> starter, Function<S, String> readyUrl) {
    this.name = name;
    this.starter = starter;
    this.readyUrl = readyUrl;
  }

  String name() {
    return name;
  }

  synchronized State state() {
    return vertx == null ? State.DOWN : freeze != null ? State.PAUSED : State.UP;
  }

  /** The current run, or null while down. */
  synchronized S running() {
    return running;
  }

  /** The current run, or the last one while down (its ports stay valid for the next run); null before the first. */
  synchronized S last() {
    return last;
  }

  /** Where the current or last run answers readiness. */
  synchronized String readyUrl() {
    return last == null ? null : readyUrl.apply(last);
  }

  /** Starts a run and returns once it listens; a run that fails to start leaves nothing running. */
  synchronized void start() {
    if (vertx != null) {
      throw new IllegalStateException(name + " is already running");
    }
    // A registry per run, as a restarted process starts its counters from zero.
    ServerMetrics metrics = ServerMetrics.create(name);
    List<Thread> made = Collections.synchronizedList(new ArrayList<>());
    Vertx v = newVertx(metrics, made);
    try {
      running = starter.start(v, metrics, last).await();
    } catch (RuntimeException | Error e) {
      try {
        closeAndJoin(v, made);
      } catch (RuntimeException | TimeoutException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
    last = running;
    vertx = v;
    threads = made;
  }

  /**
   * Stops the run abruptly: its Vert.x closes without the server's own stop sequence, so connections
   * drop mid-request and timers stop. In-process this cannot skip the verticles' stop hooks (the
   * namespace store must be closed for the next run to open it); {@link ProcessCluster} covers
   * kill -9. Does nothing while down; a paused run is released first, since closing needs its loops.
   */
  synchronized void kill() {
    if (vertx == null) {
      return;
    }
    resume();
    try {
      closeAndJoin(vertx, threads);
    } catch (TimeoutException e) {
      throw new IllegalStateException(name + " did not stop within " + CLOSE_PATIENCE_SECONDS + " s", e);
    } finally {
      vertx = null;
      threads = null;
      running = null;
    }
  }

  /**
   * Closes the run's Vert.x and waits for its threads to end. Closing a worker pool only interrupts
   * the tasks on it, so without the wait a disk task (a block commit, a delete) could still touch the
   * data directory after the kill, as no thread of a killed process can.
   */
  private static void closeAndJoin(Vertx v, List<Thread> made) throws TimeoutException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CLOSE_PATIENCE_SECONDS);
    v.close().await(CLOSE_PATIENCE_SECONDS, TimeUnit.SECONDS);
    List<Thread> snapshot;
    synchronized (made) {
      snapshot = new ArrayList<>(made);
    }
    for (Thread t : snapshot) {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      try {
        t.join(Math.max(1, left));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + t.getName() + " to end", e);
      }
      if (t.isAlive()) {
        throw new TimeoutException(t.getName() + " still runs after its Vert.x closed");
      }
    }
  }

  /** Freezes the run's event loops (see {@link EventLoopFreeze}); its state stays. Idempotent. */
  synchronized void pause() {
    if (vertx == null) {
      throw new IllegalStateException(name + " is down; nothing to pause");
    }
    if (freeze == null) {
      freeze = EventLoopFreeze.hold(vertx);
    }
  }

  /** Lets a paused run go on. Idempotent. */
  synchronized void resume() {
    if (freeze != null) {
      freeze.release();
      freeze = null;
    }
  }

  /** Waits until the run's {@code /ready} answers 200; fails at once if it is down or paused. */
  void awaitReady(Duration patience) {
    State now = state();
    if (now != State.UP) {
      throw new IllegalStateException(name + " is " + now.name().toLowerCase() + "; it cannot become ready");
    }
    String url = readyUrl();
    Http.await(name + " ready at " + url, patience, () -> Http.status(url) == 200);
  }

  private Vertx newVertx(ServerMetrics metrics, List<Thread> made) {
    String prefix = name + "/";
    VertxThreadFactory named = new VertxThreadFactory() {
      @Override
      public VertxThread newVertxThread(Runnable target, String threadName, boolean worker, long maxExecTime,
          TimeUnit maxExecTimeUnit) {
        VertxThread t = VertxThreadFactory.INSTANCE.newVertxThread(target, prefix + threadName, worker, maxExecTime,
            maxExecTimeUnit);
        made.add(t);
        return t;
      }
    };
    // As ServerMetrics.newVertx() builds it, but with the named threads.
    return VertxBootstrap.create().options(metrics.vertxOptions(new VertxOptions()))
        .metricsFactory(metrics.vertxMetricsFactory()).transport(Transport.NIO.implementation()).threadFactory(named)
        .init().vertx();
  }
}
