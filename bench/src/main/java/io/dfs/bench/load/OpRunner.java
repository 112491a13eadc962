package io.dfs.bench.load;

import io.dfs.bench.client.ClientStack;
import io.dfs.cli.client.FileInfo;
import io.dfs.cli.client.TransferListener;
import io.dfs.common.error.DfsException;
import io.dfs.common.error.ErrorCode;
import io.vertx.core.Future;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs operations through the CLI's client code and judges every answer by the {@link Oracle}.
 * Writes of one name never overlap: each holds the name's lock stripe. An operation that fails with
 * a clean error is tried again as {@link Retries} says; each attempt is a new operation to the
 * oracle, and a failed write stays possible. A failure that is not a {@link DfsException} is
 * unclean: the client could not say what went wrong, and it is not tried again.
 */
final class OpRunner {
  private static final int STRIPES = 1024;
  /** Far beyond any timeout of the client's: an operation that takes this long is stuck. */
  static final long NO_ANSWER_MINUTES = 5;

  private final ClientStack client;
  private final Oracle oracle;
  private final LoadStats stats;
  private final Retries retries;
  private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

  OpRunner(ClientStack client, Oracle oracle, LoadStats stats) {
    this(client, oracle, stats, Retries.NONE);
  }

  OpRunner(ClientStack client, Oracle oracle, LoadStats stats, Retries retries) {
    this.client = client;
    this.oracle = oracle;
    this.stats = stats;
    this.retries = retries;
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new ReentrantLock();
    }
  }

  /** Runs {@code op}; {@code scratch} is the calling thread's own file for a put's content. */
  void run(Op op, Path scratch) {
    long deadline = System.nanoTime() + retries.budget().toNanos();
    for (int attempt = 1; ; attempt++) {
      try {
        once(op, scratch);
        if (attempt > 1) {
          stats.succeededOnRetry();
        }
        return;
      } catch (DfsException e) {
        if (!retries.enabled() || System.nanoTime() > deadline) {
          stats.error(op, e);
          return;
        }
        stats.failedAttempt(e);
      } catch (RuntimeException e) {
        stats.unclean(op, e);
        return;
      }
      if (!pause(Retries.pauseMs(attempt))) {
        return;
      }
    }
  }

  private void once(Op op, Path scratch) {
    switch (op.kind()) {
      case PUT -> put(op, scratch);
      case RM -> rm(op);
      case GET -> get(op);
      case LS_STAT -> lsOrStat(op);
    }
  }

  private static boolean pause(long ms) {
    try {
      Thread.sleep(ms);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void put(Op op, Path scratch) {
    String sha = Content.write(scratch, op.size(), op.contentSeed());
    ReentrantLock lock = lockOf(op.name());
    lock.lock();
    try {
      Oracle.Write write = oracle.putting(op.name(), sha);
      long start = System.nanoTime();
      try {
        answer(client.uploader().put(scratch, op.name(), TransferListener.NONE));
      } catch (RuntimeException e) {
        write.failed();
        throw e;
      }
      write.acknowledged();
      stats.done(op.kind(), Op.bucket(op.size()), System.nanoTime() - start, op.size());
    } finally {
      lock.unlock();
    }
  }

  private void rm(Op op) {
    ReentrantLock lock = lockOf(op.name());
    lock.lock();
    try {
      Set<String> before = oracle.choicesNow(op.name());
      Oracle.Write write = oracle.deleting(op.name());
      long start = System.nanoTime();
      boolean existed;
      try {
        answer(client.meta().delete(op.name()));
        existed = true;
      } catch (RuntimeException e) {
        if (!(e instanceof DfsException d && d.code() == ErrorCode.NOT_FOUND)) {
          write.failed();
          throw e;
        }
        existed = false;
      }
      write.acknowledged();
      stats.done(op.kind(), "all", System.nanoTime() - start, 0);
      boolean possible = existed ? !before.equals(Set.of(Oracle.DELETED)) : before.contains(Oracle.DELETED);
      if (!possible) {
        stats.violation("rm " + op.name() + (existed ? " deleted a file that was not there" : " found no file, but "
            + before + " was acknowledged"));
      }
    } finally {
      lock.unlock();
    }
  }

  private void get(Op op) {
    long began = oracle.now();
    long start = System.nanoTime();
    Answer answer = fetch(op.name());
    long nanos = System.nanoTime() - start;
    judge("get", op.name(), began, oracle.now(), answer.content());
    stats.done(op.kind(), answer.content().equals(Oracle.DELETED) ? "absent" : Op.bucket(answer.size()), nanos,
        answer.size());
  }

  private void lsOrStat(Op op) {
    long start = System.nanoTime();
    if (op.name() == null) {
      answer(client.meta().list());
      stats.done(op.kind(), "all", System.nanoTime() - start, 0);
      return;
    }
    long began = oracle.now();
    boolean found;
    try {
      answer(client.meta().lookup(op.name()));
      found = true;
    } catch (DfsException e) {
      if (e.code() != ErrorCode.NOT_FOUND) {
        throw e;
      }
      found = false;
    }
    long ended = oracle.now();
    stats.done(op.kind(), "all", System.nanoTime() - start, 0);
    boolean possible = found ? oracle.choicesBetween(op.name(), began, ended).stream().anyMatch(c -> !c.equals(Oracle.DELETED))
        : oracle.mayRead(op.name(), began, ended, Oracle.DELETED);
    if (!possible) {
      stats.violation("stat " + op.name() + (found ? " found a file nobody put" : " found no file, but one was acknowledged"));
    }
  }

  /** Reads {@code name} in full once every write has ended, and judges it; true if it was right. */
  boolean readBack(String name) {
    Set<String> choices = oracle.choicesNow(name);
    String content = fetch(name).content();
    if (!choices.contains(content)) {
      stats.violation("final read of " + name + " gave " + shortly(content) + ", acknowledged: " + choices);
      return false;
    }
    return true;
  }

  /** What a get of a file answered: its SHA-256 and size, or {@link Oracle#DELETED} for "no such file". */
  private record Answer(String content, long size) {}

  private Answer fetch(String name) {
    try {
      FileInfo file = answer(client.meta().lookup(name));
      return new Answer(read(file), file.size());
    } catch (DfsException e) {
      if (e.code() != ErrorCode.NOT_FOUND) {
        throw e;
      }
      return new Answer(Oracle.DELETED, 0);
    }
  }

  private String read(FileInfo file) {
    MessageDigest sha = Content.sha256();
    OutputStream sink = new DigestOutputStream(OutputStream.nullOutputStream(), sha);
    answer(client.downloader().download(file, sink, TransferListener.NONE));
    return HexFormat.of().formatHex(sha.digest());
  }

  private void judge(String what, String name, long began, long ended, String content) {
    if (oracle.mayRead(name, began, ended, content)) {
      stats.verified();
    } else {
      stats.violation(what + " " + name + " gave " + shortly(content) + ", which no acknowledged or overlapping write put");
    }
  }

  private static String shortly(String content) {
    return content.length() > 12 ? content.substring(0, 12) : content;
  }

  /**
   * The operation's answer; one that has not come within {@link #NO_ANSWER_MINUTES} is a hang, an
   * unclean failure, and the run goes on.
   */
  private static <T> T answer(Future<T> operation) {
    try {
      return operation.await(NO_ANSWER_MINUTES, TimeUnit.MINUTES);
    } catch (TimeoutException e) {
      throw new IllegalStateException("no answer within " + NO_ANSWER_MINUTES + " minutes");
    }
  }

  private ReentrantLock lockOf(String name) {
    return stripes[Math.floorMod(name.hashCode(), STRIPES)];
  }
}
