package io.dfs.meta.namespace;

import static org.junit.jupiter.api.Assertions.*;

import io.dfs.common.error.DfsException;
import io.dfs.common.error.ErrorCode;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GroupCommitTest {
  private static final long WAIT_S = 10;

  private final Vertx vertx = Vertx.vertx();
  private final WorkerExecutor pool = vertx.createSharedWorkerExecutor("group-commit-test", 1);
  /** The order mutations were applied in, and a marker for each sync. */
  private final List<String> log = new ArrayList<>();
  private final AtomicInteger syncs = new AtomicInteger();
  /** A sync takes a permit; none are given until a test releases them. */
  private final Semaphore syncPermits = new Semaphore(0);
  private final CountDownLatch firstSyncStarted = new CountDownLatch(1);
  private volatile boolean failNextSync;
  private volatile boolean errorInNextSync;

  private final GroupCommit.Sync sync = () -> {
    firstSyncStarted.countDown();
    syncPermits.acquire();
    synchronized (log) {
      log.add("sync");
    }
    syncs.incrementAndGet();
    if (failNextSync) {
      failNextSync = false;
      throw new IllegalStateException("disk gone");
    }
    if (errorInNextSync) {
      errorInNextSync = false;
      throw new AssertionError("not an Exception");
    }
  };

  @AfterEach
  void close() {
    syncPermits.release(1000);
    vertx.close().await();
  }

  private Future<String> change(GroupCommit commits, String name) {
    return commits.submit(() -> {
      synchronized (log) {
        log.add(name);
      }
      return name;
    });
  }

  /** Submits {@code name} and waits until the write thread is held in its sync. */
  private Future<String> changeHeldInItsSync(GroupCommit commits, String name) throws InterruptedException {
    Future<String> f = change(commits, name);
    assertTrue(firstSyncStarted.await(WAIT_S, TimeUnit.SECONDS));
    return f;
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(WAIT_S, TimeUnit.SECONDS);
  }

  /** The error {@code f} fails with, once it has. */
  private static Throwable failure(Future<?> f) throws Exception {
    CountDownLatch done = new CountDownLatch(1);
    f.onComplete(ar -> done.countDown());
    assertTrue(done.await(WAIT_S, TimeUnit.SECONDS));
    assertTrue(f.failed(), "expected a failure");
    return f.cause();
  }

  @Test
  void aChangeIsAnsweredOnlyAfterASyncThatRanAfterIt() throws Exception {
    GroupCommit commits = new GroupCommit(pool, sync, 100);
    Future<String> a = changeHeldInItsSync(commits, "a");
    assertFalse(a.isComplete(), "not answered while its sync runs");
    syncPermits.release();
    assertEquals("a", await(a));
    assertEquals(List.of("a", "sync"), log);
  }

  @Test
  void changesThatArriveDuringASyncShareTheNextOneInTheOrderAsked() throws Exception {
    GroupCommit commits = new GroupCommit(pool, sync, 100);
    Future<String> first = changeHeldInItsSync(commits, "c0");
    List<Future<String>> later = new ArrayList<>();
    for (int i = 1; i <= 50; i++) {
      later.add(change(commits, "c" + i));
    }
    syncPermits.release(2);
    assertEquals("c0", await(first));
    for (Future<String> f : later) {
      await(f);
    }
    assertEquals(2, syncs.get(), "one sync for the first change, one for the fifty behind it");
    List<String> expected = new ArrayList<>(List.of("c0", "sync"));
    for (int i = 1; i <= 50; i++) {
      expected.add("c" + i);
    }
    expected.add("sync");
    assertEquals(expected, log);
  }

  @Test
  void aFailedChangeIsAnsweredAtOnceAndTheOthersOfItsRoundStillCommit() throws Exception {
    GroupCommit commits = new GroupCommit(pool, sync, 100);
    Future<String> blocker = changeHeldInItsSync(commits, "blocker");
    Future<String> bad = commits.submit(() -> {
      throw new DfsException(ErrorCode.CONFLICT, "taken");
    });
    Future<String> good = change(commits, "good");
    syncPermits.release();
    await(blocker);
    // The second round's sync has no permit yet: the failure must not wait for it.
    assertEquals(ErrorCode.CONFLICT, ((DfsException) failure(bad)).code());
    assertFalse(good.isComplete());
    syncPermits.release();
    assertEquals("good", await(good));
  }

  @Test
  void aFailedSyncFailsTheChangesOfItsRoundOnlyWhateverItThrows() throws Exception {
    GroupCommit commits = new GroupCommit(pool, sync, 100);
    failNextSync = true;
    Future<String> a = changeHeldInItsSync(commits, "a");
    Future<String> b = change(commits, "b");
    syncPermits.release(2);
    assertEquals("disk gone", failure(a).getMessage());
    assertEquals("b", await(b));
    // An Error, not an Exception: the round still ends and the writer goes on.
    errorInNextSync = true;
    Future<String> c = change(commits, "c");
    syncPermits.release(2);
    assertEquals("not an Exception", failure(c).getMessage());
    assertEquals("d", await(change(commits, "d")));
  }

  @Test
  void aChangeIsAnsweredOnTheContextThatAskedForIt() throws Exception {
    GroupCommit commits = new GroupCommit(pool, sync, 100);
    syncPermits.release();
    Context asker = vertx.getOrCreateContext();
    CompletableFuture<Context> answeredOn = new CompletableFuture<>();
    asker.runOnContext(v -> change(commits, "a").onComplete(ar -> answeredOn.complete(Vertx.currentContext())));
    assertSame(asker, answeredOn.get(WAIT_S, TimeUnit.SECONDS));
  }

  @Test
  void whenTheWritePoolIsGoneChangesFailAndCloseStillCompletes() throws Exception {
    GroupCommit commits = new GroupCommit(pool, sync, 100);
    pool.close().await();
    Throwable refused = failure(change(commits, "a"));
    assertEquals(ErrorCode.UNAVAILABLE, ((DfsException) refused).code());
    await(commits.close());
    assertTrue(log.isEmpty());
  }

  @Test
  void pastItsBoundAChangeIsRefusedBusyAndChangesNothing() throws Exception {
    // The bound counts the change being synced as well as the two waiting behind it.
    GroupCommit commits = new GroupCommit(pool, sync, 3);
    Future<String> running = changeHeldInItsSync(commits, "running");
    Future<String> q1 = change(commits, "q1");
    Future<String> q2 = change(commits, "q2");
    Future<String> refused = change(commits, "refused");
    assertTrue(refused.failed());
    assertEquals(ErrorCode.BUSY, ((DfsException) refused.cause()).code());
    syncPermits.release(2);
    await(running);
    await(q1);
    await(q2);
    assertFalse(log.contains("refused"));
  }

  @Test
  void closeWaitsForQueuedChangesAndThenRefusesNewOnes() throws Exception {
    GroupCommit commits = new GroupCommit(pool, sync, 100);
    Future<String> a = changeHeldInItsSync(commits, "a");
    Future<String> b = change(commits, "b");
    Future<Void> closed = commits.close();
    assertFalse(closed.isComplete(), "changes are still queued");
    Future<String> late = change(commits, "late");
    assertTrue(late.failed());
    assertEquals(ErrorCode.UNAVAILABLE, ((DfsException) late.cause()).code());
    syncPermits.release(2);
    await(closed);
    assertTrue(a.succeeded());
    assertTrue(b.succeeded());
  }

  @Test
  void withoutSyncChangesAreAnsweredAsSoonAsApplied() throws Exception {
    GroupCommit commits = new GroupCommit(pool, null, 100);
    assertEquals("x", await(change(commits, "x")));
    assertEquals(0, syncs.get());
    assertEquals(List.of("x"), log);
  }
}
