package io.dfs.bench.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.PrimitiveIterator;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntPredicate;

/**
 * Free loopback ports for servers that are told their port before they bind it (separate
 * processes: the benchmark's, load and chaos clusters, and the integration tests' process
 * clusters).
 *
 * <p>They are picked below the kernel's ephemeral range ({@code net.ipv4.ip_local_port_range}),
 * from which outgoing connections take their local ports. A port from {@code bind(0)} is itself
 * ephemeral: between the pick and the server's bind, or while a killed node is down before its
 * restart on the same port, any connection on the machine could take it, and the server then
 * fails to start. Each port is checked free by binding it, and this JVM hands none out twice.
 */
public final class FreePorts {
  /** Above {@code make up}'s default ports (7000-7399). */
  static final int LOWEST = 10_000;
  /** Where the ephemeral range starts when the kernel does not say (Linux's default). */
  static final int DEFAULT_EPHEMERAL_START = 32_768;
  private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
  private static final Set<Integer> handedOut = new HashSet<>();

  private FreePorts() {}

  public static int tcp() {
    return pick(FreePorts::tcpFree);
  }

  public static int udp() {
    return pick(FreePorts::udpFree);
  }

  private static int pick(IntPredicate free) {
    int below = Math.max(LOWEST + 1_000, ephemeralStart());
    return firstFree(ThreadLocalRandom.current().ints(1_000, LOWEST, below).iterator(), free);
  }

  /** The first of {@code candidates} not handed out yet and {@code free}, which it hands out. */
  static synchronized int firstFree(PrimitiveIterator.OfInt candidates, IntPredicate free) {
    while (candidates.hasNext()) {
      int port = candidates.nextInt();
      if (!handedOut.contains(port) && free.test(port)) {
        handedOut.add(port);
        return port;
      }
    }
    throw new IllegalStateException("no free loopback port from " + LOWEST + " to the ephemeral range");
  }

  /** Whether a TCP server could bind {@code port} on the loopback address now. */
  public static boolean tcpFree(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Whether a UDP socket could bind {@code port} on the loopback address now. */
  public static boolean udpFree(int port) {
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The first port of the ephemeral range. */
  static int ephemeralStart() {
    // Read line by line: Files.readString of this /proc file returns its first byte only.
    try (BufferedReader in = Files.newBufferedReader(EPHEMERAL_RANGE)) {
      String line = in.readLine();
      return Integer.parseInt(line.trim().split("\\s+")[0]);
    } catch (IOException | RuntimeException e) {
      return DEFAULT_EPHEMERAL_START;
    }
  }
}
