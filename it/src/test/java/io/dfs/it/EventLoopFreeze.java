package io.dfs.it;

import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Holds every event loop of one Vert.x instance (acceptor included) in a task that waits until
 * released: the in-process counterpart of SIGSTOP. Meanwhile connections are accepted only by the
 * kernel, nothing is answered, no timer fires and no datagram is read, while the server's state
 * stays in memory; on release the loops go on with whatever queued up.
 *
 * <p>The holding tasks go to Netty directly rather than through a Vert.x context, so Vert.x's
 * blocked-thread checker does not count them as a blocked event loop and log a warning every second.
 */
final class EventLoopFreeze {
  /** Long enough for a loop to finish the task it is running; a loop that never does is a bug. */
  private static final long HOLD_PATIENCE_SECONDS = 10;
  private final CountDownLatch released = new CountDownLatch(1);

  private EventLoopFreeze() {}

  /** Returns once every loop of {@code vertx} is held. */
  static EventLoopFreeze hold(Vertx vertx) {
    VertxInternal internal = (VertxInternal) vertx;
    List<EventExecutor> loops = new ArrayList<>();
    internal.acceptorEventLoopGroup().forEach(loops::add);
    internal.nettyEventLoopGroup().forEach(loops::add);
    EventLoopFreeze freeze = new EventLoopFreeze();
    CountDownLatch held = new CountDownLatch(loops.size());
    for (EventExecutor loop : loops) {
      loop.execute(() -> {
        held.countDown();
        freeze.awaitRelease();
      });
    }
    try {
      if (!held.await(HOLD_PATIENCE_SECONDS, TimeUnit.SECONDS)) {
        freeze.release();
        throw new IllegalStateException(held.getCount() + " event loops still busy after "
            + HOLD_PATIENCE_SECONDS + " s");
      }
    } catch (InterruptedException e) {
      freeze.release();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while holding event loops", e);
    }
    return freeze;
  }

  /** Lets every loop go on. Idempotent. */
  void release() {
    released.countDown();
  }

  private void awaitRelease() {
    try {
      released.await();
    } catch (InterruptedException e) {
      // Only a loop shutting down is interrupted; it must not stay held.
      Thread.currentThread().interrupt();
    }
  }
}
