package io.dfs.common.file;

import static org.junit.jupiter.api.Assertions.*;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QueuedFileWritesTest {
  private final Vertx vertx = Vertx.vertx();
  private final AtomicInteger tasks = new AtomicInteger();
  @TempDir
  Path dir;

  @AfterEach
  void close() {
    vertx.close().await();
  }

  private <T> T onContext(Supplier<Future<T>> action) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    vertx.runOnContext(v -> action.get().onComplete(ar -> {
      if (ar.succeeded()) {
        result.complete(ar.result());
      } else {
        result.completeExceptionally(ar.cause());
      }
    }));
    return result.get(30, TimeUnit.SECONDS);
  }

  private QueuedFileWrites writes(FileChannel channel, int max) {
    return new QueuedFileWrites(task -> {
      tasks.incrementAndGet();
      return vertx.executeBlocking(task, false);
    }, channel, max);
  }

  @Test
  void writesLandAtTheirPositionsManyPerTaskWithBackpressure() throws Exception {
    Path file = dir.resolve("f");
    byte[] expected = new byte[64 * 1024 * 40];
    new java.util.Random(1).nextBytes(expected);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      QueuedFileWrites w = writes(channel, 256 * 1024);
      List<Boolean> fullSeen = new ArrayList<>();
      onContext(() -> {
        // Written back to front, so each lands only at its own position.
        for (int i = 39; i >= 0; i--) {
          w.write(Buffer.buffer(expected).slice(i * 65536, (i + 1) * 65536), i * 65536L);
          fullSeen.add(w.writeQueueFull());
        }
        return w.settled();
      });
      assertTrue(fullSeen.contains(true), "the queue reports full past its bound");
      assertFalse(w.writeQueueFull());
    }
    assertArrayEquals(expected, Files.readAllBytes(file));
    assertTrue(tasks.get() < 40, "batched: " + tasks.get() + " tasks for 40 writes");
  }

  @Test
  void aFailedWriteFailsItAndEveryLaterOne() throws Exception {
    Path file = dir.resolve("g");
    FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    channel.close();
    QueuedFileWrites w = writes(channel, 1024);
    Exception first = assertThrows(Exception.class, () -> onContext(() -> w.write(Buffer.buffer("x"), 0)));
    assertNotNull(first);
    assertThrows(Exception.class, () -> onContext(() -> w.write(Buffer.buffer("y"), 1)));
    assertThrows(Exception.class, () -> onContext(w::settled));
  }

  @Test
  void aLazilyOpenedFileIsOpenedOnceByTheFirstBatchOnThePool() throws Exception {
    Path file = dir.resolve("lazy");
    AtomicInteger opens = new AtomicInteger();
    List<String> openedOn = new ArrayList<>();
    AtomicReference<FileChannel> opened = new AtomicReference<>();
    QueuedFileWrites w = new QueuedFileWrites(task -> {
      tasks.incrementAndGet();
      return vertx.executeBlocking(task, false);
    }, () -> {
      opens.incrementAndGet();
      openedOn.add(Thread.currentThread().getName());
      opened.set(FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
      return QueuedFileWrites.Target.of(opened.get());
    }, 1024 * 1024);
    assertEquals(0, opens.get(), "nothing is opened before a write");
    assertFalse(Files.exists(file));
    onContext(() -> {
      w.write(Buffer.buffer("abc"), 0);
      return w.settled();
    });
    onContext(() -> w.write(Buffer.buffer("def"), 3));
    try (FileChannel channel = opened.get()) {
      assertTrue(channel.isOpen());
    }
    assertEquals(1, opens.get(), "opened by the first batch only");
    assertTrue(openedOn.get(0).startsWith("vert.x-worker-thread"), "opened on the pool, not " + openedOn);
    assertEquals(2, tasks.get(), "the open costs no task of its own");
    assertEquals("abcdef", Files.readString(file));
  }

  @Test
  void aFailedOpenFailsTheWritesAndOpensNothingLater() throws Exception {
    Path missingDir = dir.resolve("missing").resolve("f");
    AtomicInteger opens = new AtomicInteger();
    QueuedFileWrites w = new QueuedFileWrites(task -> vertx.executeBlocking(task, false), () -> {
      opens.incrementAndGet();
      return QueuedFileWrites.Target.of(FileChannel.open(missingDir, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
    }, 1024);
    Exception first = assertThrows(Exception.class, () -> onContext(() -> w.write(Buffer.buffer("x"), 0)));
    assertTrue(String.valueOf(first.getCause()).contains("NoSuchFileException"), String.valueOf(first.getCause()));
    assertThrows(Exception.class, () -> onContext(() -> w.write(Buffer.buffer("y"), 1)));
    assertThrows(Exception.class, () -> onContext(w::settled));
    assertEquals(1, opens.get(), "a failed open is not tried again");
  }
}
