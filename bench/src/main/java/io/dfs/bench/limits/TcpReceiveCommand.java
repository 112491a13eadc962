package io.dfs.bench.limits;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * The receiving process of the loopback TCP limit: prints the port it listens on, takes one
 * connection, reads an 8-byte length and then that many bytes (discarding them), answers one byte
 * and exits.
 */
@Command(name = "tcp-receive", description = "Receive one stream for the loopback TCP limit.")
public final class TcpReceiveCommand implements Callable<Integer> {
  static final int BUFFER = 256 << 10;

  @Override
  public Integer call() throws IOException {
    try (ServerSocketChannel server = ServerSocketChannel.open()) {
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      System.out.println(((InetSocketAddress) server.getLocalAddress()).getPort());
      System.out.flush();
      try (SocketChannel ch = server.accept()) {
        ByteBuffer header = ByteBuffer.allocate(Long.BYTES);
        while (header.hasRemaining()) {
          if (ch.read(header) < 0) {
            return 1;
          }
        }
        long expected = header.flip().getLong();
        ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER);
        for (long received = 0; received < expected; ) {
          int n = ch.read(buffer.clear());
          if (n < 0) {
            return 1;
          }
          received += n;
        }
        ch.write(ByteBuffer.wrap(new byte[] {1}));
      }
    }
    return 0;
  }
}
