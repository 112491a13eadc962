package io.dfs.bench.limits;

import io.dfs.bench.cluster.Jars;
import io.dfs.bench.proc.ChildProcesses;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Loopback TCP between two processes: this one sends, a {@code tcp-receive} process receives. Timed
 * from the first byte sent to the receiver's answer that it has every byte, so nothing still in a
 * socket buffer counts as delivered.
 */
public final class TcpLimit {
  private TcpLimit() {}

  /** Sends {@code bytes} to a fresh receiver process; MB/s. */
  public static double measure(ChildProcesses processes, Path benchJar, long bytes) {
    Process receiver = processes.start(new ProcessBuilder(List.of(Jars.java(), "-Xmx64m", "-jar",
        benchJar.toString(), "tcp-receive")).redirectError(ProcessBuilder.Redirect.INHERIT));
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(receiver.getInputStream(), StandardCharsets.UTF_8));
      String port = out.readLine();
      if (port == null) {
        throw new IllegalStateException("the tcp-receive process printed no port");
      }
      double rate = send(Integer.parseInt(port.trim()), bytes);
      if (!receiver.waitFor(30, TimeUnit.SECONDS) || receiver.exitValue() != 0) {
        throw new IllegalStateException("the tcp-receive process did not finish cleanly");
      }
      return rate;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    } finally {
      ChildProcesses.stop(receiver);
    }
  }

  private static double send(int port, long bytes) throws IOException {
    ByteBuffer chunk = ByteBuffer.allocateDirect(TcpReceiveCommand.BUFFER);
    try (SocketChannel ch = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
      long start = System.nanoTime();
      ByteBuffer header = ByteBuffer.allocate(Long.BYTES).putLong(bytes).flip();
      while (header.hasRemaining()) {
        ch.write(header);
      }
      for (long sent = 0; sent < bytes; ) {
        chunk.clear().limit((int) Math.min(chunk.capacity(), bytes - sent));
        while (chunk.hasRemaining()) {
          sent += ch.write(chunk);
        }
      }
      ByteBuffer ack = ByteBuffer.allocate(1);
      while (ack.hasRemaining()) {
        if (ch.read(ack) < 0) {
          throw new IOException("the receiver closed before answering");
        }
      }
      return Rates.megabytesPerSecond(bytes, System.nanoTime() - start);
    }
  }
}
