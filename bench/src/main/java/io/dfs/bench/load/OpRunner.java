package io.dfs.bench.load;

import io.dfs.bench.client.ClientStack;
import io.dfs.cli.client.FileInfo;
import io.dfs.cli.client.TransferListener;
import io.dfs.common.error.DfsException;
import io.dfs.common.error.ErrorCode;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs operations through the CLI's client code and judges every answer by the {@link Oracle}.
 * Writes of one name never overlap: each holds the name's lock stripe.
 */
final class OpRunner {
  private static final int STRIPES = 1024;

  private final ClientStack client;
  private final Oracle oracle;
  private final LoadStats stats;
  private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

  OpRunner(ClientStack client, Oracle oracle, LoadStats stats) {
    this.client = client;
    this.oracle = oracle;
    this.stats = stats;
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new ReentrantLock();
    }
  }

  /** Runs {@code op}; {@code scratch} is the calling thread's own file for a put's content. */
  void run(Op op, Path scratch) {
    try {
      switch (op.kind()) {
        case PUT -> put(op, scratch);
        case RM -> rm(op);
        case GET -> get(op);
        case LS_STAT -> lsOrStat(op);
      }
    } catch (RuntimeException e) {
      stats.error(op, e);
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
        client.uploader().put(scratch, op.name(), TransferListener.NONE).await();
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
        client.meta().delete(op.name()).await();
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
      client.meta().list().await();
      stats.done(op.kind(), "all", System.nanoTime() - start, 0);
      return;
    }
    long began = oracle.now();
    boolean found;
    try {
      client.meta().lookup(op.name()).await();
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
      FileInfo file = client.meta().lookup(name).await();
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
    client.downloader().download(file, sink, TransferListener.NONE).await();
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

  private ReentrantLock lockOf(String name) {
    return stripes[Math.floorMod(name.hashCode(), STRIPES)];
  }
}
